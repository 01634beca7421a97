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
/// OAuth 2.0 web authorisation (snsapi_base): send the browser to the authorize page, then trade
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

    public string StartAuthorization(HttpContext context, WeChatAccountKeys account, string returnUrl)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var pending = _protector.Protect($"{nonce}|{account.AppId}|{returnUrl}", TimeSpan.FromMinutes(10));
        context.Response.Cookies.Append(PendingCookie, pending, new CookieOptions { HttpOnly = true, Secure = context.Request.IsHttps, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromMinutes(10) });
        var redirectUri = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{CallbackPath}";
        return $"{endpoints.AuthorizeUrl(account)}?appid={Uri.EscapeDataString(account.AppId)}&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code&scope=snsapi_base&state={nonce}#wechat_redirect";
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

            var (openId, unionId) = await api.ExchangeOAuthCodeAsync(pending.Value.AppId, code, cancellationToken);
            var follower = await followers.ResolveAsync(new FollowerKey(pending.Value.AppId, openId, unionId), createIfMissing: true, cancellationToken)
                ?? throw new OAuthRefusedException("the follower directory did not resolve the openid");
            followerCookie.Write(context, new WeChatH5Identity(follower.Follower.Id, pending.Value.AppId, openId));
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

    private (string Nonce, string AppId, string ReturnUrl)? ReadPending(HttpContext context)
    {
        if (context.Request.Cookies[PendingCookie] is not { Length: > 0 } cookie)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(cookie).Split('|', 3);
            return parts.Length == 3 && IsLocal(parts[2]) ? (parts[0], parts[1], parts[2]) : null;
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
