using System.Text.Json.Nodes;

namespace Lianjie.Core.Ledger;

/// <summary>One thing a follower did, as appended to the ledger. Position orders the ledger.</summary>
public sealed record BehaviourEvent(
    long Position,
    string Type,
    long? FollowerId,
    string? AccountId,
    string? Subject,
    string? Payload,
    DateTime OccurredUtc,
    DateTime RecordedUtc,
    string Source,
    string DedupeKey)
{
    public JsonObject PayloadObject() => Payload is null ? [] : JsonNode.Parse(Payload) as JsonObject ?? [];
}

/// <summary>What a module asks the ledger to append.</summary>
public sealed record BehaviourEventDraft(
    string Type,
    long? FollowerId,
    string? Subject = null,
    JsonObject? Payload = null,
    DateTime? OccurredUtc = null,
    string Source = "system",
    string? DedupeKey = null,
    string? AccountId = null);

/// <summary><see cref="Appended"/> is false when the dedupe key was seen before: <see cref="Event"/> is the earlier one.</summary>
public sealed record AppendResult(BehaviourEvent Event, bool Appended);

/// <summary>The canonical event names every module and integrator uses.</summary>
public static class BehaviourEventTypes
{
    public const string WeChatSubscribe = "wechat.subscribe";
    public const string WeChatUnsubscribe = "wechat.unsubscribe";
    public const string WeChatScan = "wechat.scan";
    public const string WeChatClick = "wechat.click";
    public const string WeChatMessage = "wechat.message";
    public const string ContentView = "content.view";
    public const string ContentRead = "content.read";
    public const string ContentShareOpen = "content.share_open";
    public const string FormSubmitted = "form.submitted";
    public const string EventRegistered = "event.registered";
    public const string EventCancelled = "event.cancelled";
    public const string EventCheckedIn = "event.checked_in";
    public const string CommerceAddToCart = "commerce.add_to_cart";
    public const string CommercePurchase = "commerce.purchase";
    public const string TagAdded = "tag.added";
    public const string TagRemoved = "tag.removed";
    public const string PointsChanged = "points.changed";

    /// <summary>Dotted lower-case names: "module.action".</summary>
    public static bool IsWellFormed(string type) =>
        type.Length is > 2 and <= 100
        && type.Contains('.')
        && type.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_')
        && !type.StartsWith('.') && !type.EndsWith('.');
}
