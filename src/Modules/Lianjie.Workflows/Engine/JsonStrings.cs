using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Parsed JSON keeps each string as UTF-8 inside its document and decodes it again on every read.
/// Rule filters read the same strings many times (every rule on every event), so the reactor swaps
/// them for plain .NET strings once: same JSON, same values, reads without decoding.
/// </summary>
public static class JsonStrings
{
    /// <summary>Replaces, in place, every string value under <paramref name="node"/> with a decoded one; returns the node.</summary>
    public static T Decode<T>(T node)
        where T : JsonNode
    {
        switch (node)
        {
            case JsonObject obj:
                List<(string Key, JsonNode Value)>? replaced = null;
                foreach (var (key, value) in obj)
                {
                    if (Decoded(value) is { } decoded)
                    {
                        (replaced ??= []).Add((key, decoded));
                    }
                }

                foreach (var (key, value) in replaced ?? [])
                {
                    obj[key] = value;
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Decoded(array[i]) is { } decoded)
                    {
                        array[i] = decoded;
                    }
                }

                break;
        }

        return node;
    }

    /// <summary>A replacement for a string value, null when the node stays (containers are decoded in place).</summary>
    private static JsonNode? Decoded(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<JsonElement>(out var element):
                return JsonValue.Create(element.GetString()!);
            case JsonObject or JsonArray:
                Decode(node);
                return null;
            default:
                return null;
        }
    }
}
