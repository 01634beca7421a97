namespace Lianjie.Followers.Models;

/// <summary>One follower of one account. Counters and last-seen are kept by the projection reactor.</summary>
public sealed class FollowerRecord
{
    public long Id { get; set; }

    /// <summary>The Official Account's AppId; empty for followers known only by unionid or import.</summary>
    public string AccountId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public string? UnionId { get; set; }

    public string? Nickname { get; set; }

    public string? Remark { get; set; }

    public bool Subscribed { get; set; }

    public DateTime? SubscribedUtc { get; set; }

    public DateTime? UnsubscribedUtc { get; set; }

    /// <summary>Where the follower first came from: "qr:scene", "share:follower", "import", "api", "search".</summary>
    public string? FirstSource { get; set; }

    public long? ReferrerFollowerId { get; set; }

    public DateTime FirstSeenUtc { get; set; }

    public DateTime LastSeenUtc { get; set; }

    public int Reads { get; set; }

    public int Shares { get; set; }

    public int Registrations { get; set; }

    public int Purchases { get; set; }

    public decimal PurchaseAmount { get; set; }

    /// <summary>Current tag names, "|"-separated, projected from tag.added/tag.removed events.</summary>
    public string Tags { get; set; } = string.Empty;

    /// <summary>Profile fields (phone, city, condition …) as a JSON object.</summary>
    public string Profile { get; set; } = "{}";

    public bool AutomationOptOut { get; set; }

    /// <summary>Set when the follower's personal data was erased; the ledger keeps anonymised events.</summary>
    public DateTime? ErasedUtc { get; set; }

    public IReadOnlyList<string> TagList => Tags.Split('|', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One consent decision; the latest per purpose wins.</summary>
public sealed class ConsentRecord
{
    public long Id { get; set; }

    public long FollowerId { get; set; }

    public string Purpose { get; set; } = string.Empty;

    public bool Granted { get; set; }

    public string Source { get; set; } = string.Empty;

    public DateTime TimeUtc { get; set; }
}
