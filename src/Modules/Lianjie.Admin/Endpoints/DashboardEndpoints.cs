using Lianjie.Core.Data;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Admin.Endpoints;

internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/admin", async (PageRenderer pages, ShellContextHolder holder, DbSession session) =>
        {
            await using var db = await session.CreateContextAsync();
            var recent = await db.AuditEntries.AsNoTracking().OrderByDescending(a => a.Id).Take(8).ToListAsync();
            var shell = holder.Shell!;
            return await pages.AdminAsync("Dashboard", "Dashboard", new
            {
                FeatureCount = shell.Features.Count,
                Database = session.Factory.Settings.Provider.ToString(),
                Recent = recent,
            });
        }).RequirePermission(CorePermissions.AccessAdmin).ExcludeFromDescription();

        endpoints.MapGet("/admin/denied", (PageRenderer pages) =>
            pages.AdminAsync("Access denied", "Denied", null, StatusCodes.Status403Forbidden)).RequireAuthorization().ExcludeFromDescription();

        // Language choice lives in a cookie so it follows the person, not the site.
        endpoints.MapGet("/culture", (HttpContext http, string? c, string? returnUrl) =>
        {
            var culture = c == "en" ? "en" : "zh-CN";
            http.Response.Cookies.Append(PageRenderer.CultureCookie, culture, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            var target = !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/admin";
            return Results.Redirect(target);
        }).AllowAnonymous().ExcludeFromDescription();
    }
}
