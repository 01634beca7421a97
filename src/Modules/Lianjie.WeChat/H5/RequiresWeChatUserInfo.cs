using Microsoft.AspNetCore.Builder;

namespace Lianjie.WeChat.H5;

/// <summary>Endpoint metadata: this H5 page needs the follower's nickname and avatar (OAuth scope snsapi_userinfo).</summary>
public sealed class RequiresWeChatUserInfo
{
    public static readonly RequiresWeChatUserInfo Instance = new();
}

public static class WeChatUserInfoEndpointExtensions
{
    /// <summary>Inside WeChat, visitors reach this page only after authorising snsapi_userinfo (or as anonymous if they refuse).</summary>
    public static TBuilder RequireWeChatUserInfo<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(RequiresWeChatUserInfo.Instance);
}
