using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>A field on a part: { "FieldName": "TextField", "Name": "Subtitle", "Settings": {...} }.</summary>
public sealed class ContentPartFieldDefinition(string name, string fieldName)
{
    /// <summary>Technical name within the part, also the JSON key in items ("Subtitle").</summary>
    public string Name { get; } = name;

    /// <summary>Field type, e.g. "TextField"; unknown types are kept as-is.</summary>
    public string FieldName { get; set; } = fieldName;

    public JsonObject Settings { get; set; } = [];

    public JsonObject ExtraProperties { get; set; } = [];

    public ContentPartFieldSettings FieldSettings => new(Settings, FieldName);

    public bool IsKnownFieldType => KnownFieldNames.IsKnown(FieldName);

    public static ContentPartFieldDefinition FromJson(JsonObject record) =>
        new(DefinitionRecordJson.RequireName(record, "Name"), DefinitionRecordJson.RequireName(record, "FieldName"))
        {
            Settings = DefinitionRecordJson.ReadSettings(record),
            ExtraProperties = DefinitionRecordJson.ReadExtras(record, "FieldName", "Name", "Settings"),
        };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["FieldName"] = FieldName,
            ["Name"] = Name,
            ["Settings"] = Settings.DeepClone(),
        };
        DefinitionRecordJson.WriteExtras(json, ExtraProperties);
        return json;
    }

    public ContentPartFieldDefinition Clone() => FromJson(ToJson());
}
