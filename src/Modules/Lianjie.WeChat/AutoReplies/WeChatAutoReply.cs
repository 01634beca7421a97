namespace Lianjie.WeChat.AutoReplies;

/// <summary>A passive reply rule: the welcome message on subscribe, or a reply to a keyword.</summary>
public sealed class WeChatAutoReply
{
    public const string Welcome = "subscribe";
    public const string Keyword = "keyword";

    public long Id { get; set; }

    public string AppId { get; set; } = string.Empty;

    /// <summary><see cref="Welcome"/> or <see cref="Keyword"/>.</summary>
    public string Trigger { get; set; } = Keyword;

    public string? Match { get; set; }

    /// <summary>Whole message equals <see cref="Match"/> (case-insensitive), instead of containing it.</summary>
    public bool Exact { get; set; }

    public string ReplyText { get; set; } = string.Empty;

    /// <summary>Rules are tried in this order; the first match answers.</summary>
    public int Position { get; set; }
}
