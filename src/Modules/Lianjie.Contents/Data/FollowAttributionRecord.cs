namespace Lianjie.Contents.Data;

/// <summary>
/// One row per follower seen by the new-follow attribution (table "ContentFollowAttributions"): the
/// last content item they viewed or opened from a share, their first ever subscribe, and the item
/// credited with it. A projection of the ledger, rebuilt by <see cref="Tracking.NewFollowsReactor"/>.
/// </summary>
public sealed class FollowAttributionRecord
{
    public long FollowerId { get; set; }

    public string? LastContentItemId { get; set; }

    public string? LastContentType { get; set; }

    public DateTime? LastTouchedUtc { get; set; }

    /// <summary>Set once: later subscribes (re-follows) are never credited.</summary>
    public DateTime? FirstSubscribedUtc { get; set; }

    public string? CreditedContentItemId { get; set; }
}
