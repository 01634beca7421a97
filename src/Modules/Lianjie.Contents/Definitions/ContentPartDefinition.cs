using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>A reusable part and its fields: { "Name", "Settings", "ContentPartFieldDefinitionRecords": [...] }.</summary>
public sealed class ContentPartDefinition(string name)
{
    public const string FieldsProperty = "ContentPartFieldDefinitionRecords";

    public string Name { get; } = name;

    public JsonObject Settings { get; set; } = [];

    /// <summary>Fields in stored order; see <see cref="OrderedFields"/> for editor order.</summary>
    public List<ContentPartFieldDefinition> Fields { get; } = [];

    public JsonObject ExtraProperties { get; set; } = [];

    public IEnumerable<ContentPartFieldDefinition> OrderedFields =>
        Fields.Select((definition, index) => (definition, index))
            .OrderBy(x => x.definition.FieldSettings.Position ?? int.MaxValue)
            .ThenBy(x => x.index)
            .Select(x => x.definition);

    public ContentPartFieldDefinition? GetField(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public static ContentPartDefinition FromJson(JsonObject record)
    {
        var part = new ContentPartDefinition(DefinitionRecordJson.RequireName(record, "Name"))
        {
            Settings = DefinitionRecordJson.ReadSettings(record),
            ExtraProperties = DefinitionRecordJson.ReadExtras(record, "Name", "Settings", FieldsProperty),
        };
        part.Fields.AddRange(DefinitionRecordJson.ReadRecords(record, FieldsProperty).Select(ContentPartFieldDefinition.FromJson));
        return part;
    }

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["Name"] = Name,
            ["Settings"] = Settings.DeepClone(),
            [FieldsProperty] = new JsonArray([.. Fields.Select(f => f.ToJson())]),
        };
        DefinitionRecordJson.WriteExtras(json, ExtraProperties);
        return json;
    }

    public ContentPartDefinition Clone() => FromJson(ToJson());
}
