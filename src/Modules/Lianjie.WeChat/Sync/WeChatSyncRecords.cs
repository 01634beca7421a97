namespace Lianjie.WeChat.Sync;

/// <summary>A Lianjie tag mirrored to one account's WeChat tags, and the WeChat tag id once created.</summary>
public sealed class WeChatMirroredTag
{
    public string AppId { get; set; } = string.Empty;

    /// <summary>The tag's id in the Lianjie dictionary (names can change, ids do not).</summary>
    public long TagId { get; set; }

    /// <summary>The Lianjie tag name as last seen; ledger tag events carry names.</summary>
    public string TagName { get; set; } = string.Empty;

    /// <summary>The name shown in WeChat (≤30 bytes); defaults to the Lianjie name.</summary>
    public string WeChatName { get; set; } = string.Empty;

    /// <summary>Null until the outbox has created the tag on the platform.</summary>
    public long? WeChatTagId { get; set; }

    public DateTime CreatedUtc { get; set; }
}

public enum WeChatFollowerSyncState
{
    Running,
    Completed,
    Failed,
}

/// <summary>
/// One full follower sync of an account. The cursor is the next_openid the current user-list page
/// was fetched with, and <see cref="PageOffset"/> how many of its openids are already done, so a
/// restart fetches that page again and skips exactly what was committed.
/// </summary>
public sealed class WeChatFollowerSyncRun
{
    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    public WeChatFollowerSyncState State { get; set; }

    public string Cursor { get; set; } = string.Empty;

    public int PageOffset { get; set; }

    public int Pages { get; set; }

    public int Followers { get; set; }

    /// <summary>The platform's total of subscribed users, as the last page reported it.</summary>
    public int Total { get; set; }

    public int TagsPushed { get; set; }

    /// <summary>Followers Lianjie held as subscribed that the completed walk did not find, marked unsubscribed.</summary>
    public int Unsubscribed { get; set; }

    public string? LastError { get; set; }

    /// <summary>A host running the sync holds it until then; an expired lease means it stopped and may be resumed.</summary>
    public DateTime? LeaseUntilUtc { get; set; }

    public string StartedBy { get; set; } = string.Empty;

    public DateTime StartedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public DateTime? CompletedUtc { get; set; }
}

/// <summary>Per-account API settings added after the accounts table (kept apart to stay additive).</summary>
public sealed class WeChatAccountApiSettings
{
    public string AppId { get; set; } = string.Empty;

    /// <summary>Fetch the access token from /cgi-bin/stable_token instead of /cgi-bin/token.</summary>
    public bool UseStableToken { get; set; }
}
