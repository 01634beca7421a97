using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>Settings["ContentTypeSettings"] of a content type.</summary>
public sealed class ContentTypeSettings(JsonObject settings) : SettingsSection(settings, Name)
{
    public const string Name = "ContentTypeSettings";

    /// <summary>Shown in the admin "New" menu.</summary>
    public bool Creatable { get => GetFlag(nameof(Creatable)); set => SetFlag(nameof(Creatable), value); }

    /// <summary>Shown in the admin content list.</summary>
    public bool Listable { get => GetFlag(nameof(Listable)); set => SetFlag(nameof(Listable), value); }

    /// <summary>Saving creates a draft instead of publishing immediately.</summary>
    public bool Draftable { get => GetFlag(nameof(Draftable)); set => SetFlag(nameof(Draftable), value); }

    /// <summary>Each save keeps the previous version instead of overwriting it.</summary>
    public bool Versionable { get => GetFlag(nameof(Versionable)); set => SetFlag(nameof(Versionable), value); }

    /// <summary>Per-type permissions are generated.</summary>
    public bool Securable { get => GetFlag(nameof(Securable)); set => SetFlag(nameof(Securable), value); }

    /// <summary>e.g. "Widget", "MenuItem"; null for ordinary content.</summary>
    public string? Stereotype { get => GetText(nameof(Stereotype)); set => SetText(nameof(Stereotype), value); }
}
