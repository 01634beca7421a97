namespace Lianjie.WeChat.Inbox;

/// <summary>One follower's customer-service thread with one account (a projection of the ledger).</summary>
public sealed class WeChatConversation
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public long FollowerId { get; set; }

    public string OpenId { get; set; } = string.Empty;

    public DateTime LastMessageUtc { get; set; }

    /// <summary>When the follower last wrote; WeChat allows customer-service messages for 48 hours after it.</summary>
    public DateTime? LastInboundUtc { get; set; }

    public string? Preview { get; set; }

    public int UnreadCount { get; set; }

    public int MessageCount { get; set; }
}

/// <summary>One message in a thread: "in" from the follower, "out" a customer-service message to them.</summary>
public sealed class WeChatConversationMessage
{
    public const string Inbound = "in";
    public const string Outbound = "out";

    public long Id { get; set; }

    public long ConversationId { get; set; }

    /// <summary>The ledger event it was projected from (unique, so replays never duplicate).</summary>
    public long LedgerPosition { get; set; }

    public string Direction { get; set; } = Inbound;

    public string MsgType { get; set; } = "text";

    public string? Text { get; set; }

    /// <summary>What a non-text message carries: picture URL, place, link, voice recognition.</summary>
    public string? Detail { get; set; }

    public DateTime OccurredUtc { get; set; }

    public string? SentBy { get; set; }

    /// <summary>For outbound messages: the outbox item's dedupe key, whose status is the delivery status.</summary>
    public string? OutboxDedupeKey { get; set; }
}
