namespace Lianjie.Tags.Models;

/// <summary>One tag a follower holds now; history lives in the ledger (tag.added / tag.removed).</summary>
public sealed class FollowerTagRecord
{
    public long FollowerId { get; set; }

    public long TagId { get; set; }

    public DateTime AppliedUtc { get; set; }

    public DateTime? ExpiresUtc { get; set; }

    public string Source { get; set; } = string.Empty;

    public string? By { get; set; }

    public string? Reason { get; set; }
}
