using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// A content type: { "Name", "DisplayName", "Settings", "ContentTypePartDefinitionRecords": [...] }.
/// </summary>
public sealed class ContentTypeDefinition(string name)
{
    public const string PartsProperty = "ContentTypePartDefinitionRecords";

    public string Name { get; } = name;

    public string? DisplayName { get; set; }

    public JsonObject Settings { get; set; } = [];

    /// <summary>Parts in stored order; see <see cref="OrderedParts"/> for editor order.</summary>
    public List<ContentTypePartDefinition> Parts { get; } = [];

    public JsonObject ExtraProperties { get; set; } = [];

    public ContentTypeSettings TypeSettings => new(Settings);

    public IEnumerable<ContentTypePartDefinition> OrderedParts =>
        Parts.Select((part, index) => (part, index))
            .OrderBy(x => x.part.PartSettings.Position ?? int.MaxValue)
            .ThenBy(x => x.index)
            .Select(x => x.part);

    /// <summary>By Name (the item JSON key), not PartName.</summary>
    public ContentTypePartDefinition? GetPart(string name) =>
        Parts.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool HasPart(string name) => GetPart(name) is not null;

    public static ContentTypeDefinition FromJson(JsonObject record)
    {
        var type = new ContentTypeDefinition(DefinitionRecordJson.RequireName(record, "Name"))
        {
            DisplayName = record.GetString("DisplayName"),
            Settings = DefinitionRecordJson.ReadSettings(record),
            ExtraProperties = DefinitionRecordJson.ReadExtras(record, "Name", "DisplayName", "Settings", PartsProperty),
        };
        type.Parts.AddRange(DefinitionRecordJson.ReadRecords(record, PartsProperty).Select(ContentTypePartDefinition.FromJson));
        return type;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["Name"] = Name };
        if (DisplayName is not null)
        {
            json["DisplayName"] = DisplayName;
        }

        json["Settings"] = Settings.DeepClone();
        json[PartsProperty] = new JsonArray([.. Parts.Select(p => p.ToJson())]);
        DefinitionRecordJson.WriteExtras(json, ExtraProperties);
        return json;
    }

    public ContentTypeDefinition Clone() => FromJson(ToJson());
}
