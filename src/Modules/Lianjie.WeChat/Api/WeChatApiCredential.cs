namespace Lianjie.WeChat.Api;

/// <summary>A cached access token or JS-SDK ticket, shared by all hosts through the database.</summary>
public sealed class WeChatApiCredential
{
    public const string AccessToken = "access_token";
    public const string JsApiTicket = "jsapi_ticket";

    public string AppId { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string? Value { get; set; }

    public DateTime ExpiresUtc { get; set; }

    /// <summary>The host refreshing right now, and until when its claim holds.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }

    /// <summary>How many times this credential was fetched from the platform (diagnostics, tests).</summary>
    public long Refreshes { get; set; }
}
