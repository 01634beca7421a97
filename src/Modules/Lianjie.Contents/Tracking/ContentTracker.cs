using System.Text.Json.Nodes;
using Lianjie.Contents.Items;
using Lianjie.Core.H5;
using Lianjie.Core.Ledger;

namespace Lianjie.Contents.Tracking;

public enum BeaconKind
{
    View,
    Read,
}

/// <summary>
/// Turns a verified beacon into ledger events. Dedupe keys are per visitor, item and kind, so a
/// reload or a repeated beacon never counts twice.
/// </summary>
public sealed class ContentTracker(IBehaviourLedger ledger)
{
    public const string Source = "h5";

    public async Task<int> RecordAsync(H5Visitor visitor, ContentItem item, BeaconKind kind, Sharer? sharer, CancellationToken cancellationToken)
    {
        var appended = 0;
        var type = kind == BeaconKind.View ? BehaviourEventTypes.ContentView : BehaviourEventTypes.ContentRead;
        appended += await AppendAsync(type, visitor, item, null, cancellationToken);

        // A share-open credits the sharer once per visitor and item; opening your own link is no outcome.
        if (kind == BeaconKind.View && sharer is not null && !IsSelf(visitor, sharer))
        {
            appended += await AppendAsync(BehaviourEventTypes.ContentShareOpen, visitor, item, sharer, cancellationToken);
        }

        return appended;
    }

    private static bool IsSelf(H5Visitor visitor, Sharer sharer) =>
        (sharer.FollowerId is { } id && id == visitor.FollowerId) || (sharer.VisitorId is { } v && v == visitor.VisitorId);

    private async Task<int> AppendAsync(string type, H5Visitor visitor, ContentItem item, Sharer? sharer, CancellationToken cancellationToken)
    {
        var payload = new JsonObject
        {
            ["visitorId"] = visitor.VisitorId,
            ["contentType"] = item.ContentType,
            ["title"] = item.DisplayText,
            ["interestTags"] = new JsonArray([.. item.InterestTags.Select(t => JsonValue.Create(t))]),
        };
        if (sharer is not null)
        {
            payload["sharerFollowerId"] = sharer.FollowerId;
            payload["sharerVisitorId"] = sharer.VisitorId;
        }

        var draft = new BehaviourEventDraft(
            type,
            visitor.FollowerId,
            item.ContentItemId,
            payload,
            Source: Source,
            DedupeKey: $"{type}:{visitor.VisitorId}:{item.ContentItemId}",
            AccountId: visitor.AccountId);
        var result = await ledger.AppendAsync(draft, cancellationToken);
        return result.Appended ? 1 : 0;
    }
}
