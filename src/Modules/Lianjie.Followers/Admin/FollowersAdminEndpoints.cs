using Lianjie.Core.Audit;
using Lianjie.Core.Followers;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Followers.Export;
using Lianjie.Followers.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Followers.Admin;

/// <summary>The follower list: search, filters, sorting, paging, column choice and export.</summary>
internal static class FollowersAdminEndpoints
{
    private const int PageSize = 50;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/followers").ExcludeFromDescription();

        admin.MapGet("/", async (HttpContext http, PageRenderer pages, FollowerList list, int? page, string? sort) =>
        {
            var columns = ChosenColumns(http);
            var filter = ReadFilter(http.Request.Query);
            var current = Math.Max(1, page ?? 1);
            var (items, total) = await list.ListAsync(new FollowerListQuery(filter, Sort: FollowerList.ParseSort(sort), Skip: (current - 1) * PageSize, Take: PageSize));
            var masked = !await http.HasPermissionAsync(FollowersPermissions.ViewPersonalData);
            var query = FilterQueryString(http.Request.Query);
            return await pages.AdminAsync("Followers", "Followers.Index", new
            {
                Rows = items.Select(f => new { f.Id, Cells = columns.Select(c => FollowerListColumns.Cell(f, c, masked)).ToList() }).ToList(),
                Columns = FollowerListColumns.All.Select(c => new { c.Key, c.Label, Selected = columns.Contains(c.Key) }).ToList(),
                Headers = columns.Select(c => FollowerListColumns.All.First(a => a.Key == c).Label).ToList(),
                DateColumns = columns.Select(c => c is "firstSeen" or "lastSeen").ToList(),
                Total = total,
                Page = current,
                Pages = Math.Max(1, (total + PageSize - 1) / PageSize),
                Query = filter.Text,
                Tags = string.Join(", ", filter.Tags ?? []),
                Subscribed = http.Request.Query["subscribed"].ToString(),
                Source = filter.Source,
                Active = http.Request.Query["active"].ToString(),
                Sort = sort ?? "lastSeen",
                FilterQuery = query,
                Masked = masked,
                CanManage = await http.HasPermissionAsync(FollowersPermissions.ManageFollowers),
            });
        }).RequirePermission(FollowersPermissions.ViewFollowers);

        // Column choice is a GET form too; remembered for a year in a cookie.
        admin.MapGet("/columns", (HttpContext http) =>
        {
            var chosen = FollowerListColumns.Parse(string.Join(",", http.Request.Query["col"].ToArray()));
            http.Response.Cookies.Append(FollowerListColumns.CookieName, string.Join(",", chosen), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365), Path = "/admin/followers" });
            var back = http.Request.Query["back"].ToString();
            return Results.Redirect(back.StartsWith("/admin/followers", StringComparison.Ordinal) ? back : "/admin/followers");
        }).RequirePermission(FollowersPermissions.ViewFollowers);

        admin.MapGet("/export", async (HttpContext http, FollowerList list, AuditLog audit, string? format) =>
        {
            var filter = ReadFilter(http.Request.Query);
            var excel = FollowerListExport.IsExcel(format ?? "csv");
            var masked = !await http.HasPermissionAsync(FollowersPermissions.ViewPersonalData);
            await audit.RecordAsync("followers.export", "followers", $"{(excel ? "xlsx" : "csv")}; {FilterQueryString(http.Request.Query)}; masked={masked}");
            var name = $"followers-{DateTime.UtcNow:yyyyMMdd-HHmm}.{(excel ? "xlsx" : "csv")}";
            http.Response.ContentType = excel ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";

            // The xlsx writer is synchronous (zip), so spool to a temp file rather than block the response stream.
            var temp = Path.GetTempFileName();
            try
            {
                await using (var file = File.Create(temp))
                {
                    await FollowerListExport.WriteAsync(file, excel, list.StreamAsync(new FollowerListQuery(filter), http.RequestAborted), masked, http.RequestAborted);
                }

                await using var read = File.OpenRead(temp);
                await read.CopyToAsync(http.Response.Body, http.RequestAborted);
            }
            finally
            {
                File.Delete(temp);
            }

            return Results.Empty;
        }).RequirePermission(FollowersPermissions.ManageFollowers);
    }

    internal static FollowerFilter ReadFilter(IQueryCollection query)
    {
        var tags = query["tag"].SelectMany(t => (t ?? string.Empty).Split([',', '，'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        DateTime? since = int.TryParse(query["active"], out var days) && days > 0 ? DateTime.UtcNow.AddDays(-days) : null;
        bool? subscribed = query["subscribed"].ToString() switch { "yes" => true, "no" => false, _ => null };
        var text = query["q"].ToString();
        var source = query["source"].ToString();
        return new FollowerFilter(string.IsNullOrWhiteSpace(text) ? null : text, tags, subscribed, string.IsNullOrWhiteSpace(source) ? null : source, since);
    }

    private static string FilterQueryString(IQueryCollection query) =>
        string.Join("&", new[] { "q", "tag", "subscribed", "source", "active", "sort" }
            .SelectMany(k => query[k].Where(v => !string.IsNullOrEmpty(v)).Select(v => $"{k}={Uri.EscapeDataString(v!)}")));

    private static IReadOnlyList<string> ChosenColumns(HttpContext http) =>
        FollowerListColumns.Parse(http.Request.Cookies[FollowerListColumns.CookieName]);
}
