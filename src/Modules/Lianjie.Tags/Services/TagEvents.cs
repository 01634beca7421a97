using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;

namespace Lianjie.Tags.Services;

/// <summary>
/// tag.added / tag.removed drafts in the shape the follower projection reads: "tag" for one name,
/// "tags" for several, plus group, source, by and reason.
/// </summary>
internal static class TagEvents
{
    public static BehaviourEventDraft Added(long followerId, IReadOnlyList<string> tags, string? group, TagChangeOrigin origin, DateTime occurredUtc, string? reason = null) =>
        Draft(BehaviourEventTypes.TagAdded, followerId, tags, group, origin, occurredUtc, reason);

    public static BehaviourEventDraft Removed(long followerId, IReadOnlyList<string> tags, string? group, TagChangeOrigin origin, DateTime occurredUtc, string? reason = null) =>
        Draft(BehaviourEventTypes.TagRemoved, followerId, tags, group, origin, occurredUtc, reason);

    private static BehaviourEventDraft Draft(string type, long followerId, IReadOnlyList<string> tags, string? group, TagChangeOrigin origin, DateTime occurredUtc, string? reason)
    {
        var payload = new JsonObject();
        if (tags.Count == 1)
        {
            payload["tag"] = tags[0];
        }
        else
        {
            payload["tags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        }

        payload["group"] = group;
        payload["source"] = origin.Source;
        payload["by"] = origin.By;
        payload["reason"] = reason ?? origin.Reason;
        var subject = string.Join(",", tags);
        return new BehaviourEventDraft(
            type,
            followerId,
            subject.Length > 200 ? subject[..200] : subject,
            payload,
            occurredUtc,
            origin.Source.Length > 100 ? origin.Source[..100] : origin.Source);
    }
}
