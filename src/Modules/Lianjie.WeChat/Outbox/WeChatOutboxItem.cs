namespace Lianjie.WeChat.Outbox;

public enum WeChatOutboxStatus
{
    Pending,
    Done,
    Failed,
}

/// <summary>One outbound call to WeChat waiting to be made (or made) by the outbox processor.</summary>
public sealed class WeChatOutboxItem
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    /// <summary>What to do, e.g. "tags.batchtagging", "message.custom", "message.mass"; see <see cref="WeChatOutboxKinds"/>.</summary>
    public string Kind { get; set; } = string.Empty;

    /// <summary>The JSON body to send.</summary>
    public string Payload { get; set; } = "{}";

    /// <summary>Enqueuing the same key twice keeps one item (e.g. a workflow retried).</summary>
    public string? DedupeKey { get; set; }

    public WeChatOutboxStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    /// <summary>A host working on the item holds it until then, so two hosts never send it twice at once.</summary>
    public DateTime? LeaseUntilUtc { get; set; }

    public string? LastError { get; set; }

    public string? Result { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? CompletedUtc { get; set; }
}
