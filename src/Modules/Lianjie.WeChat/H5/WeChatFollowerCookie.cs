using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Lianjie.WeChat.H5;

/// <summary>Who the visitor is after OAuth, as carried by the signed follower cookie.</summary>
/// <param name="HasProfile">The follower authorised snsapi_userinfo, so nickname and avatar are on the profile.</param>
public sealed record WeChatH5Identity(long FollowerId, string AppId, string OpenId, bool HasProfile = false);

/// <summary>
/// The follower cookie: Data Protection (encrypted and signed), HttpOnly, valid 30 days. The
/// only place an H5 page's follower identity comes from.
/// </summary>
public sealed class WeChatFollowerCookie(IDataProtectionProvider protection, TimeProvider clock)
{
    public const string CookieName = "lj-wx-follower";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private readonly IDataProtector _protector = protection.CreateProtector("Lianjie.WeChat.H5.Follower");

    public WeChatH5Identity? Read(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } cookie)
        {
            return null;
        }

        try
        {
            var parts = _protector.Unprotect(cookie).Split('|');
            // Four parts, or five with the userinfo flag.
            if (parts.Length is 4 or 5
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var followerId)
                && long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var issued)
                && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(issued) < Lifetime)
            {
                return new WeChatH5Identity(followerId, parts[1], parts[2], parts.Length == 5 && parts[4] == "u");
            }
        }
        catch (CryptographicException)
        {
            // Tampered, or sealed by another site's keys: the visitor is simply not identified.
        }

        return null;
    }

    public void Write(HttpContext context, WeChatH5Identity identity)
    {
        var value = string.Join('|', identity.FollowerId.ToString(CultureInfo.InvariantCulture), identity.AppId, identity.OpenId, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (identity.HasProfile)
        {
            value += "|u";
        }

        context.Response.Cookies.Append(CookieName, _protector.Protect(value), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = Lifetime,
            Path = "/",
        });
    }
}
