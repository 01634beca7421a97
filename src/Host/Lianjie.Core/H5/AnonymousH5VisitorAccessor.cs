using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;

namespace Lianjie.Core.H5;

/// <summary>
/// The default when no WeChat account is configured: every visitor is anonymous, recognised by a
/// signed, HttpOnly cookie. The WeChat module replaces this with OAuth-backed identity.
/// </summary>
public sealed class AnonymousH5VisitorAccessor(IDataProtectionProvider protection) : IH5VisitorAccessor
{
    public const string CookieName = "lj-visitor";
    private readonly IDataProtector _protector = protection.CreateProtector("Lianjie.H5.Visitor");

    public Task<H5Visitor> GetAsync(HttpContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(new H5Visitor(VisitorId(context), null, null, null));

    /// <summary>Reads the visitor cookie, or issues a new one; a tampered cookie is replaced.</summary>
    public string VisitorId(HttpContext context)
    {
        if (context.Items.TryGetValue(CookieName, out var cached) && cached is string id)
        {
            return id;
        }

        if (context.Request.Cookies[CookieName] is { } cookie)
        {
            try
            {
                id = _protector.Unprotect(cookie);
                context.Items[CookieName] = id;
                return id;
            }
            catch (CryptographicException)
            {
                // Tampered or from another site: start over.
            }
        }

        id = "v_" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
        context.Items[CookieName] = id;
        context.Response.Cookies.Append(CookieName, _protector.Protect(id), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(365),
        });
        return id;
    }
}
