using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>Shared read/write plumbing for the four definition record shapes.</summary>
internal static class DefinitionRecordJson
{
    public static string RequireName(JsonObject record, string property) =>
        record.GetString(property) is { Length: > 0 } name
            ? name
            : throw new JsonException($"Content definition record is missing '{property}': {record.ToJsonString()}");

    public static JsonObject ReadSettings(JsonObject record) =>
        record.GetObject("Settings")?.DeepClone().AsObject() ?? [];

    /// <summary>Properties we do not model (e.g. the legacy "Hidden" flag on types), kept for round trips.</summary>
    public static JsonObject ReadExtras(JsonObject record, params string[] knownProperties)
    {
        var extras = new JsonObject();
        foreach (var (name, value) in record)
        {
            if (!knownProperties.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                extras[name] = value?.DeepClone();
            }
        }

        return extras;
    }

    public static void WriteExtras(JsonObject target, JsonObject extras)
    {
        foreach (var (name, value) in extras)
        {
            target.SetIgnoreCase(name, value?.DeepClone());
        }
    }

    public static IEnumerable<JsonObject> ReadRecords(JsonObject owner, string arrayName) =>
        owner.GetArray(arrayName)?.OfType<JsonObject>() ?? [];
}
