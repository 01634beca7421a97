namespace Lianjie.WeChat.Channels;

/// <summary>
/// A touchpoint with its own parametric QR code (poster, counter, lecture sign-in): scanning it
/// subscribes (or SCANs) with <see cref="Scene"/>, which tags the follower and picks the welcome reply.
/// </summary>
public sealed class WeChatChannel
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>scene_str, or scene_id when all digits (QR_SCENE / QR_LIMIT_SCENE).</summary>
    public string Scene { get; set; } = string.Empty;

    public bool Permanent { get; set; }

    /// <summary>Lifetime of a temporary code's ticket, 60 s … 30 days; null for permanent codes.</summary>
    public int? ExpireSeconds { get; set; }

    public string? TargetTag { get; set; }

    public string? WelcomeReply { get; set; }

    /// <summary>The ticket WeChat issued (created on first download, renewed when expired or changed).</summary>
    public string? Ticket { get; set; }

    public string? QrUrl { get; set; }

    public DateTime? TicketExpiresUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public bool IsNumericScene => Scene.Length > 0 && Scene.All(char.IsAsciiDigit);
}

/// <summary>One counted channel event from the ledger: a scan, a new follow or a re-follow.</summary>
public sealed class WeChatChannelHit
{
    public const string ScanKind = "scan";
    public const string NewFollowKind = "new";
    public const string RefollowKind = "refollow";

    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public string Scene { get; set; } = string.Empty;

    public long FollowerId { get; set; }

    public string Kind { get; set; } = string.Empty;

    public DateTime OccurredUtc { get; set; }

    public long Position { get; set; }
}

/// <summary>A follower's subscription history as the funnel needs it: first scene and current state.</summary>
public sealed class WeChatChannelMember
{
    public long FollowerId { get; set; }

    public string AppId { get; set; } = string.Empty;

    /// <summary>The scene of the first subscribe ever seen; null for a plain (search, card) follow.</summary>
    public string? FirstScene { get; set; }

    public DateTime FirstSubscribedUtc { get; set; }

    public bool Subscribed { get; set; }

    public DateTime? UnsubscribedUtc { get; set; }
}
