namespace Lianjie.WeChat.Api;

/// <summary>A tag as it exists on the WeChat platform for one account.</summary>
public sealed class WeChatRemoteTag
{
    public string AppId { get; set; } = string.Empty;

    public long TagId { get; set; }

    public string Name { get; set; } = string.Empty;
}

/// <summary>A platform tag we put on a follower's openid.</summary>
public sealed class WeChatRemoteFollowerTag
{
    public string AppId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public long TagId { get; set; }
}
