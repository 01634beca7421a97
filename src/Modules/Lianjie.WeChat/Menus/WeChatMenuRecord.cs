namespace Lianjie.WeChat.Menus;

/// <summary>An account's custom menu: the draft being edited, and what was last sent to WeChat and how.</summary>
public sealed class WeChatMenuRecord
{
    public const string Publish = "publish";
    public const string Delete = "delete";

    public string AppId { get; set; } = string.Empty;

    /// <summary>The menu in WeChat's JSON shape ({"button":[...]}).</summary>
    public string? DraftJson { get; set; }

    /// <summary>The menu last queued for publishing (null after a delete).</summary>
    public string? PublishedJson { get; set; }

    /// <summary><see cref="Publish"/> or <see cref="Delete"/>: the last change queued for WeChat.</summary>
    public string? LastAction { get; set; }

    /// <summary>The outbox item that carries the last change; its status is the publish status.</summary>
    public long? LastOutboxId { get; set; }

    public DateTime? LastActionUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}
