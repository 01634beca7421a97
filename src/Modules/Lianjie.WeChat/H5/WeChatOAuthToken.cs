namespace Lianjie.WeChat.H5;

/// <summary>What the code exchange of web authorisation gives: the visitor, and a token for /sns/userinfo when the scope allows.</summary>
public sealed record WeChatOAuthToken(string OpenId, string? UnionId, string AccessToken, string Scope)
{
    public const string BaseScope = "snsapi_base";
    public const string UserInfoScope = "snsapi_userinfo";

    public bool AllowsUserInfo => Scope.Split(',').Contains(UserInfoScope, StringComparer.Ordinal);
}

/// <summary>The public profile /sns/userinfo returns.</summary>
public sealed record WeChatUserProfile(string OpenId, string? Nickname, string? HeadImgUrl, string? UnionId);
