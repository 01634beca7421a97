using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// Settings["ContentPartFieldSettings"] of a field, plus Hint/Required which Orchard keeps
/// in the field type's own section (e.g. Settings["TextFieldSettings"]["Required"]).
/// Reads look in both places; writes of Hint/Required go to the field type section, as Orchard does.
/// </summary>
public sealed class ContentPartFieldSettings(JsonObject settings, string fieldTypeName) : SettingsSection(settings, Name)
{
    public const string Name = "ContentPartFieldSettings";

    /// <summary>"TextFieldSettings" for a TextField.</summary>
    public string FieldTypeSectionName { get; } = fieldTypeName + "Settings";

    public string? DisplayName { get => GetText(nameof(DisplayName)); set => SetText(nameof(DisplayName), value); }

    public int? Position { get => GetPosition(nameof(Position)); set => SetPosition(nameof(Position), value); }

    public string? Editor { get => GetText(nameof(Editor)); set => SetText(nameof(Editor), value); }

    public string? Hint
    {
        get => FieldTypeSection?.GetString(nameof(Hint)) ?? GetText(nameof(Hint));
        set
        {
            Section?.RemoveIgnoreCase(nameof(Hint));
            if (value is null)
            {
                FieldTypeSection?.RemoveIgnoreCase(nameof(Hint));
            }
            else
            {
                Settings.GetOrAddObject(FieldTypeSectionName).SetIgnoreCase(nameof(Hint), value);
            }
        }
    }

    public bool Required
    {
        get => (FieldTypeSection?.GetBoolean(nameof(Required)) ?? false) || GetFlag(nameof(Required));
        set
        {
            Section?.RemoveIgnoreCase(nameof(Required));
            Settings.GetOrAddObject(FieldTypeSectionName).SetIgnoreCase(nameof(Required), value);
        }
    }

    /// <summary>The field type's own section (Minimum/Maximum for NumericField, ...), if any.</summary>
    public JsonObject? FieldTypeSection => Settings.GetObject(FieldTypeSectionName);
}
