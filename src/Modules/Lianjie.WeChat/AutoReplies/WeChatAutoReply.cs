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

    public const string TextReply = "text";
    public const string NewsReply = "news";

    /// <summary><see cref="TextReply"/> (<see cref="ReplyText"/>) or <see cref="NewsReply"/> (one article card).</summary>
    public string ReplyKind { get; set; } = TextReply;

    public string? NewsTitle { get; set; }

    public string? NewsDescription { get; set; }

    public string? NewsPicUrl { get; set; }

    public string? NewsUrl { get; set; }

    /// <summary>A tag applied to whoever triggers the rule (through the Tags module, when enabled).</summary>
    public string? TagName { get; set; }
}
