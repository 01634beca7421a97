namespace Lianjie.WeChat.Simulator.Models;

/// <summary>The public profile a simulated user shows to snsapi_userinfo pages.</summary>
public sealed class SimProfile
{
    public string AppId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public string Nickname { get; set; } = string.Empty;

    public string? HeadImgUrl { get; set; }
}

/// <summary>The scope an OAuth code was issued for (codes of snsapi_base carry no row).</summary>
public sealed class SimOAuthCodeScope
{
    public string Code { get; set; } = string.Empty;

    public string Scope { get; set; } = string.Empty;
}

/// <summary>A web-authorisation access token (for /sns/userinfo), with the scope it was granted.</summary>
public sealed class SimSnsToken
{
    public string Value { get; set; } = string.Empty;

    public string AppId { get; set; } = string.Empty;

    public string OpenId { get; set; } = string.Empty;

    public string Scope { get; set; } = string.Empty;

    public DateTime ExpiresUtc { get; set; }
}
