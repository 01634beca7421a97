using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>Settings["ContentTypePartSettings"] of a part attached to a type.</summary>
public sealed class ContentTypePartSettings(JsonObject settings) : SettingsSection(settings, Name)
{
    public const string Name = "ContentTypePartSettings";

    public string? DisplayName { get => GetText(nameof(DisplayName)); set => SetText(nameof(DisplayName), value); }

    public string? Description { get => GetText(nameof(Description)); set => SetText(nameof(Description), value); }

    /// <summary>Editor ordering; stored as a string like Orchard does.</summary>
    public int? Position { get => GetPosition(nameof(Position)); set => SetPosition(nameof(Position), value); }

    /// <summary>Editor flavour, e.g. "Wysiwyg".</summary>
    public string? Editor { get => GetText(nameof(Editor)); set => SetText(nameof(Editor), value); }
}
