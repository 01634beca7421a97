using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Admin.Endpoints;

internal static class SettingsEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/settings").RequirePermission(CorePermissions.ManageSettings).ExcludeFromDescription();

        group.MapGet("/", async (PageRenderer pages, SiteSettingsStore store, string? message) =>
            await pages.AdminAsync("Settings", "Settings", new { Settings = await store.GetAsync(), Zones = Zones(), Message = message }));

        group.MapPost("/", async (HttpContext http, PageRenderer pages, SiteSettingsStore store, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var settings = await store.GetAsync();
            var zone = form["timeZone"].ToString();
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
            {
                return await pages.AdminAsync("Settings", "Settings", new { Settings = settings, Zones = Zones(), Message = $"Unknown time zone '{zone}'." }, StatusCodes.Status400BadRequest);
            }

            settings.SiteName = string.IsNullOrWhiteSpace(form["siteName"]) ? settings.SiteName : form["siteName"].ToString().Trim();
            settings.TimeZoneId = zone;
            settings.Culture = form["culture"] == "en" ? "en" : "zh-CN";
            await store.SaveAsync(settings);
            await audit.RecordAsync("settings.save", "site", $"{settings.SiteName}; {settings.TimeZoneId}; {settings.Culture}");
            return Results.Redirect("/admin/settings?message=saved");
        });
    }

    private static IReadOnlyList<string> Zones() =>
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Order(StringComparer.Ordinal).ToList();
}
