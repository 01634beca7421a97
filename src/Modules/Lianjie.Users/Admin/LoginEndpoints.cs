using System.Security.Claims;
using Lianjie.Core.Audit;
using Lianjie.Core.Templates;
using Lianjie.Users.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Users.Admin;

internal static class LoginEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", (PageRenderer pages, string? returnUrl) =>
            pages.PageAsync("Layout.Plain", "Sign in", "Login", new { ReturnUrl = SafeReturnUrl(returnUrl), Error = (string?)null }))
            .AllowAnonymous();

        endpoints.MapPost("/login", async (HttpContext http, PageRenderer pages, UserService users, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var userName = form["userName"].ToString();
            var returnUrl = SafeReturnUrl(form["returnUrl"]);
            var result = await users.CheckPasswordAsync(userName, form["password"].ToString(), http.RequestAborted);
            if (result.Outcome != SignInOutcome.Succeeded)
            {
                await audit.RecordAsync("user.login.failed", userName, result.Outcome.ToString(), userName);
                var error = result.Outcome switch
                {
                    SignInOutcome.LockedOut => pages.T("Too many failed attempts. The account is locked for 15 minutes."),
                    SignInOutcome.Disabled => pages.T("This account is disabled."),
                    _ => pages.T("Wrong user name or password."),
                };
                return await pages.PageAsync("Layout.Plain", "Sign in", "Login", new { ReturnUrl = returnUrl, Error = error, UserName = userName }, StatusCodes.Status401Unauthorized);
            }

            var user = result.User!;
            var claims = new List<Claim>
            {
                new(ClaimTypes.Name, user.UserName),
                new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            };
            claims.AddRange(user.RoleList.Select(r => new Claim(ClaimTypes.Role, r)));
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
            await audit.RecordAsync("user.login", user.UserName, userName: user.UserName);
            return Results.Redirect(returnUrl);
        }).AllowAnonymous();

        endpoints.MapPost("/logout", async (HttpContext http, AuditLog audit) =>
        {
            await audit.RecordAsync("user.logout");
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });
    }

    /// <summary>Only local paths, so the login page cannot be used to bounce people elsewhere.</summary>
    internal static string SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : "/admin";
}
