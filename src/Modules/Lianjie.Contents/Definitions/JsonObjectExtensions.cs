using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// Case-insensitive reads and tolerant scalar conversions over <see cref="JsonObject"/>.
/// Orchard writes PascalCase but hand-written recipes vary ("data" vs "Data"), so every
/// lookup in this module goes through these helpers instead of the indexer.
/// </summary>
public static class JsonObjectExtensions
{
    /// <summary>The key as it is actually spelled in the object, or null when absent.</summary>
    public static string? FindKey(this JsonObject obj, string name)
    {
        if (obj.ContainsKey(name))
        {
            return name;
        }

        foreach (var property in obj)
        {
            if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Key;
            }
        }

        return null;
    }

    public static JsonNode? GetIgnoreCase(this JsonObject obj, string name) =>
        obj.FindKey(name) is { } key ? obj[key] : null;

    public static JsonObject? GetObject(this JsonObject obj, string name) =>
        obj.GetIgnoreCase(name) as JsonObject;

    public static JsonArray? GetArray(this JsonObject obj, string name) =>
        obj.GetIgnoreCase(name) as JsonArray;

    /// <summary>Sets a value, reusing an existing key's spelling so no case-duplicate keys appear.</summary>
    public static void SetIgnoreCase(this JsonObject obj, string name, JsonNode? value)
    {
        obj[obj.FindKey(name) ?? name] = value;
    }

    public static bool RemoveIgnoreCase(this JsonObject obj, string name) =>
        obj.FindKey(name) is { } key && obj.Remove(key);

    public static JsonObject GetOrAddObject(this JsonObject obj, string name)
    {
        if (obj.GetIgnoreCase(name) is JsonObject existing)
        {
            return existing;
        }

        var created = new JsonObject();
        obj.SetIgnoreCase(name, created);
        return created;
    }

    public static string? GetString(this JsonObject obj, string name) => AsString(obj.GetIgnoreCase(name));

    public static bool? GetBoolean(this JsonObject obj, string name) => AsBoolean(obj.GetIgnoreCase(name));

    public static int? GetInt32(this JsonObject obj, string name) =>
        AsDecimal(obj.GetIgnoreCase(name)) is { } d && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue
            ? (int)d
            : null;

    public static decimal? GetDecimal(this JsonObject obj, string name) => AsDecimal(obj.GetIgnoreCase(name));

    public static DateTime? GetUtcDateTime(this JsonObject obj, string name) => AsUtcDateTime(obj.GetIgnoreCase(name));

    /// <summary>String values only; numbers and booleans are not stringified.</summary>
    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Accepts JSON booleans and the strings "true"/"false".</summary>
    public static bool? AsBoolean(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => bool.TryParse(AsString(node), out var b) ? b : null,
        _ => null,
    };

    /// <summary>Accepts JSON numbers and numeric strings (Orchard stores Position as "5").</summary>
    public static decimal? AsDecimal(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.Number => value.TryGetValue<decimal>(out var d) ? d
                : decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
            JsonValueKind.String => decimal.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null,
            _ => null,
        };
    }

    /// <summary>ISO 8601 strings as UTC; recipe placeholders such as "[js: ...]" give null.</summary>
    public static DateTime? AsUtcDateTime(JsonNode? node) =>
        AsString(node) is { } text
        && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : null;

    /// <summary>Round-trippable UTC text, the same shape Orchard writes ("2024-05-01T08:00:00Z").</summary>
    public static JsonNode? FromUtcDateTime(DateTime? value) =>
        value is { } v ? JsonValue.Create(v.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)) : null;

    public static IReadOnlyList<string> AsStringList(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(AsString).OfType<string>()] : [];

    /// <summary>
    /// Deep merge used by "alter type": objects merge recursively, everything else
    /// (scalars, arrays) is replaced by the source. Merging the same source twice is a no-op.
    /// </summary>
    public static void DeepMerge(this JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (value is JsonObject sourceChild && target.GetIgnoreCase(name) is JsonObject targetChild)
            {
                targetChild.DeepMerge(sourceChild);
            }
            else
            {
                target.SetIgnoreCase(name, value?.DeepClone());
            }
        }
    }
}
