using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Core.Ledger;

/// <summary>
/// The payload of tag.added / tag.removed: "tag" (one name) or "tags" (an array of names), as the
/// Tags module writes them. Every reader of tag events goes through here.
/// </summary>
public static class TagEventPayload
{
    public static IEnumerable<string> Names(JsonObject payload)
    {
        if (payload["tag"] is JsonValue one && one.GetValueKind() == JsonValueKind.String)
        {
            yield return one.GetValue<string>();
        }

        if (payload["tags"] is JsonArray many)
        {
            foreach (var tag in many.OfType<JsonValue>().Where(v => v.GetValueKind() == JsonValueKind.String))
            {
                yield return tag.GetValue<string>();
            }
        }
    }
}
