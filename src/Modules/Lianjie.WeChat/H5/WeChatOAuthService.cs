using System.Security.Cryptography;
using System.Text;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.H5;

/// <summary>
/// OAuth 2.0 web authorisation (snsapi_base, or snsapi_userinfo when a page needs the profile): send the browser to the authorize page, then trade
/// the code server-side for the openid. The state is a nonce bound to a short-lived protected
/// cookie (WeChat caps state at 128 bytes); each code is accepted once, here as well as upstream.
/// </summary>
public sealed class WeChatOAuthService(
    WeChatApiClient api,
    WeChatApiEndpoints endpoints,
    WeChatFollowerCookie followerCookie,
    IFollowerDirectory followers,
    DbSession session,
    IDataProtectionProvider protection,
    TimeProvider clock,
    ILogger<WeChatOAuthService> logger)
{
    public const string CallbackPath = "/h5/wechat/oauth";
    public const string PendingCookie = "lj-wx-oauth";

    /// <summary>After a failed or refused authorisation, stay anonymous for a while instead of looping.</summary>
    public const string SkipCookie = "lj-wx-oauth-skip";

    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Lianjie.WeChat.H5.OAuthState").ToTimeLimitedDataProtector();

    /// <param name="scope">snsapi_base (silent) or snsapi_userinfo (asks the user, gives nickname and avatar).</param>
    public string StartAuthorization(HttpContext context, WeChatAccountKeys account, string returnUrl, string scope = WeChatOAuthToken.BaseScope)
    {
        if (scope is not (WeChatOAuthToken.BaseScope or WeChatOAuthToken.UserInfoScope))
        {
            throw new ArgumentException($"Unknown OAuth scope '{scope}'.", nameof(scope));
        }

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var pending = _protector.Protect($"{nonce}|{account.AppId}|{scope}|{returnUrl}", TimeSpan.FromMinutes(10));
        context.Response.Cookies.Append(PendingCookie, pending, new CookieOptions { HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromMinutes(10) });
        var redirectUri = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{CallbackPath}";
        return $"{endpoints.AuthorizeUrl(account)}?appid={Uri.EscapeDataString(account.AppId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope={scope}&state={nonce}#wechat_redirect";
    }

    /// <summary>Finishes the round trip; returns where to send the browser. Any failure leaves the visitor anonymous.</summary>
    public async Task<string> CompleteAsync(HttpContext context, string? code, string? state, CancellationToken cancellationToken)
    {
        var pending = ReadPending(context);
        context.Response.Cookies.Delete(PendingCookie);
        var returnUrl = pending?.ReturnUrl ?? "/h5";
        try
        {
            if (pending is null || string.IsNullOrEmpty(state) || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(state), Encoding.ASCII.GetBytes(pending.Value.Nonce)))
            {
                throw new OAuthRefusedException("state does not match this browser's pending authorisation");
            }

            if (string.IsNullOrEmpty(code) || code.Length > 128)
            {
                throw new OAuthRefusedException("no code (the user refused, or the link was tampered with)");
            }

            if (!await ClaimCodeAsync(pending.Value.AppId, code, cancellationToken))
            {
                throw new OAuthRefusedException("the code was already used");
            }

            var token = await api.ExchangeOAuthCodeForTokenAsync(pending.Value.AppId, code, cancellationToken);
            var follower = await followers.ResolveAsync(new FollowerKey(pending.Value.AppId, token.OpenId, token.UnionId), createIfMissing: true, cancellationToken)
                ?? throw new OAuthRefusedException("the follower directory did not resolve the openid");
            var hasProfile = pending.Value.Scope == WeChatOAuthToken.UserInfoScope && token.AllowsUserInfo
                && await StoreProfileAsync(pending.Value.AppId, follower.Follower.Id, token, cancellationToken);
            followerCookie.Write(context, new WeChatH5Identity(follower.Follower.Id, pending.Value.AppId, token.OpenId, hasProfile));
        }
        catch (Exception e) when (e is OAuthRefusedException or WeChatApiException or HttpRequestException)
        {
            logger.LogWarning("WeChat OAuth from {Ip} refused, visitor stays anonymous: {Reason}", context.Connection.RemoteIpAddress, e.Message);
            context.Response.Cookies.Append(SkipCookie, "1", new CookieOptions { HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromMinutes(10) });
        }

        return returnUrl;
    }

    /// <summary>Local paths only, so the callback is never an open redirector.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>Nickname and avatar from /sns/userinfo onto the follower's profile; a failure keeps the identity, without the profile.</summary>
    private async Task<bool> StoreProfileAsync(string appId, long followerId, WeChatOAuthToken token, CancellationToken cancellationToken)
    {
        try
        {
            var profile = await api.SnsUserInfoAsync(appId, token, cancellationToken);
            if (profile.OpenId != token.OpenId)
            {
                throw new OAuthRefusedException("userinfo answered for another openid");
            }

            await followers.SetProfileFieldAsync(followerId, "nickname", string.IsNullOrEmpty(profile.Nickname) ? null : profile.Nickname, "wechat.oauth", cancellationToken);
            await followers.SetProfileFieldAsync(followerId, "headimgurl", string.IsNullOrEmpty(profile.HeadImgUrl) ? null : profile.HeadImgUrl, "wechat.oauth", cancellationToken);
            return true;
        }
        catch (Exception e) when (e is WeChatApiException or HttpRequestException or OAuthRefusedException)
        {
            logger.LogWarning("WeChat userinfo for {AppId}/{OpenId} failed, identity kept without profile: {Reason}", appId, token.OpenId, e.Message);
            return false;
        }
    }

    private (string Nonce, string AppId, string Scope, string ReturnUrl)? ReadPending(HttpContext context)
    {
        if (context.Request.Cookies[PendingCookie] is not { Length: > 0 } cookie)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(cookie).Split('|', 4);
            return parts.Length == 4 && IsLocal(parts[3]) ? (parts[0], parts[1], parts[2], parts[3]) : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private async Task<bool> ClaimCodeAsync(string appId, string code, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(appId + "|" + code)));
        await using var command = await session.CreateCommandAsync(
            "INSERT INTO \"WeChatUsedOAuthCodes\" (\"CodeHash\", \"AppId\", \"UsedUtc\") VALUES (@h, @a, @u) ON CONFLICT (\"CodeHash\") DO NOTHING", cancellationToken);
        command.AddParameter("h", hash);
        command.AddParameter("a", appId);
        command.AddParameter("u", clock.GetUtcNow().UtcDateTime);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private sealed class OAuthRefusedException(string message) : Exception(message);
}
