using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// A part attached to a type: { "PartName": "BagPart", "Name": "Services", "Settings": {...} }.
/// Name is the JSON key in items; PartName is the part definition (they differ for named parts).
/// </summary>
public sealed class ContentTypePartDefinition(string name, string partName)
{
    public string Name { get; } = name;

    public string PartName { get; set; } = partName;

    public JsonObject Settings { get; set; } = [];

    public JsonObject ExtraProperties { get; set; } = [];

    public ContentTypePartSettings PartSettings => new(Settings);

    /// <summary>True for a second instance of a reusable part, e.g. BagPart named "Services".</summary>
    public bool IsNamedPart => !string.Equals(Name, PartName, StringComparison.Ordinal);

    public bool IsKnownPart => KnownPartNames.IsKnown(PartName);

    public static ContentTypePartDefinition FromJson(JsonObject record) =>
        new(DefinitionRecordJson.RequireName(record, "Name"), DefinitionRecordJson.RequireName(record, "PartName"))
        {
            Settings = DefinitionRecordJson.ReadSettings(record),
            ExtraProperties = DefinitionRecordJson.ReadExtras(record, "PartName", "Name", "Settings"),
        };

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["PartName"] = PartName,
            ["Name"] = Name,
            ["Settings"] = Settings.DeepClone(),
        };
        DefinitionRecordJson.WriteExtras(json, ExtraProperties);
        return json;
    }

    public ContentTypePartDefinition Clone() => FromJson(ToJson());
}
