using System.Globalization;
using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// Typed view over one named section of a definition's Settings object
/// (e.g. Settings["ContentTypeSettings"]). Reads and writes go straight to the JSON,
/// so sections nobody typed (LuceneContentIndexSettings, ...) are never lost.
/// </summary>
public abstract class SettingsSection(JsonObject settings, string sectionName)
{
    public JsonObject Settings { get; } = settings;

    public string SectionName { get; } = sectionName;

    protected JsonObject? Section => Settings.GetObject(SectionName);

    protected JsonObject EnsureSection() => Settings.GetOrAddObject(SectionName);

    protected bool GetFlag(string name) => Section?.GetBoolean(name) ?? false;

    protected void SetFlag(string name, bool value) => EnsureSection().SetIgnoreCase(name, value);

    protected string? GetText(string name) => Section?.GetString(name);

    /// <summary>Null removes the setting rather than writing a JSON null.</summary>
    protected void SetText(string name, string? value)
    {
        if (value is null)
        {
            Section?.RemoveIgnoreCase(name);
        }
        else
        {
            EnsureSection().SetIgnoreCase(name, value);
        }
    }

    /// <summary>Orchard stores positions as strings ("5"); numbers are accepted too.</summary>
    protected int? GetPosition(string name) => Section?.GetInt32(name);

    protected void SetPosition(string name, int? value) =>
        SetText(name, value?.ToString(CultureInfo.InvariantCulture));
}
