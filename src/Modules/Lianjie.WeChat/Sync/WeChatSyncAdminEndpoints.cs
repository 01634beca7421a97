using System.Globalization;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.Sync;

/// <summary>/admin/wechat/accounts/{appId}/sync: mirrored tags, stable_token and the full follower sync of one account.</summary>
internal static class WeChatSyncAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/wechat/accounts/{appId}/sync").RequirePermission(WeChatPermissions.ManageWeChatAccounts).ExcludeFromDescription();

        admin.MapGet("/", async (string appId, string? q, string? group, string? sort, string? message, HttpContext http, PageRenderer pages, WeChatAccountService accounts, WeChatTagMirror mirror, WeChatFollowerSync sync, WeChatApiSettingsStore settings) =>
            await accounts.FindAsync(appId) is { } account
                ? await RenderAsync(account, q, group, sort, message, null, StatusCodes.Status200OK, pages, mirror, sync, settings)
                : Results.NotFound());

        admin.MapPost("/tags", async (string appId, HttpContext http, PageRenderer pages, WeChatAccountService accounts, WeChatTagMirror mirror, WeChatFollowerSync sync, WeChatApiSettingsStore settings) =>
        {
            if (await accounts.FindAsync(appId) is not { } account)
            {
                return Results.NotFound();
            }

            var form = await http.Request.ReadFormAsync();
            var shown = form["shown"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).ToHashSet();
            var chosen = shown.Where(id => form[$"mirror_{id}"] == "true")
                .Select(id => new MirrorChoice(id, string.IsNullOrWhiteSpace(form[$"name_{id}"]) ? null : form[$"name_{id}"].ToString()))
                .ToList();
            try
            {
                var (added, renamed, removed) = await mirror.ApplyAsync(appId, shown, chosen);
                return Results.Redirect($"/admin/wechat/accounts/{Uri.EscapeDataString(appId)}/sync?message={Uri.EscapeDataString($"mirror saved: +{added} ~{renamed} -{removed}")}");
            }
            catch (Exception e) when (e is ArgumentException or WeChatLimitException)
            {
                return await RenderAsync(account, form["q"], form["group"], form["sort"], null, e.Message, StatusCodes.Status400BadRequest, pages, mirror, sync, settings);
            }
        });

        admin.MapPost("/settings", async (string appId, HttpContext http, WeChatAccountService accounts, WeChatApiSettingsStore settings) =>
        {
            if (await accounts.FindAsync(appId) is null)
            {
                return Results.NotFound();
            }

            var form = await http.Request.ReadFormAsync();
            await settings.SetStableTokenAsync(appId, form["useStableToken"] == "true");
            return Results.Redirect($"/admin/wechat/accounts/{Uri.EscapeDataString(appId)}/sync?message=saved");
        });

        // Queues the run (or resumes an unfinished one); the background runner does the work, never the request.
        admin.MapPost("/start", async (string appId, HttpContext http, WeChatAccountService accounts, WeChatFollowerSync sync) =>
        {
            if (await accounts.FindAsync(appId) is null)
            {
                return Results.NotFound();
            }

            await sync.StartAsync(appId, http.User.Identity?.Name ?? "admin");
            return Results.Redirect($"/admin/wechat/accounts/{Uri.EscapeDataString(appId)}/sync?message=sync+started");
        });
    }

    private static async Task<IResult> RenderAsync(WeChatAccount account, string? q, string? group, string? sort, string? message, string? error, int status, PageRenderer pages, WeChatTagMirror mirror, WeChatFollowerSync sync, WeChatApiSettingsStore settings)
    {
        var dictionary = await mirror.DictionaryAsync();
        var mirrored = (await mirror.ListAsync(account.AppId)).ToDictionary(m => m.TagId);
        var rows = dictionary.Where(t => (string.IsNullOrWhiteSpace(q) || t.Name.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase))
                && (string.IsNullOrWhiteSpace(group) || t.Group == group))
            .Select(t => new
            {
                t.Id,
                t.Name,
                t.Group,
                t.Color,
                Mirrored = mirrored.ContainsKey(t.Id),
                WeChatName = mirrored.TryGetValue(t.Id, out var m) ? m.WeChatName : string.Empty,
                WeChatTagId = mirrored.TryGetValue(t.Id, out var m2) ? m2.WeChatTagId : null,
            });
        rows = sort switch
        {
            "group" => rows.OrderBy(r => r.Group ?? string.Empty, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal),
            "mirrored" => rows.OrderByDescending(r => r.Mirrored).ThenBy(r => r.Name, StringComparer.Ordinal),
            _ => rows.OrderBy(r => r.Name, StringComparer.Ordinal),
        };
        var list = rows.ToList();
        var run = await sync.LatestAsync(account.AppId);
        return await pages.AdminAsync("WeChat sync", "WeChat.Sync.Index", new
        {
            Account = new { account.AppId, account.Name },
            UseStableToken = await settings.UsesStableTokenAsync(account.AppId),
            Tags = list,
            Shown = string.Join(",", list.Select(r => r.Id.ToString(CultureInfo.InvariantCulture))),
            MirroredCount = mirrored.Count,
            Limit = WeChatPlatformLimits.MaxTagsPerAccount,
            Groups = dictionary.Select(t => t.Group).OfType<string>().Distinct().OrderBy(g => g, StringComparer.Ordinal).ToList(),
            Q = q,
            Group = group,
            Sort = sort,
            Run = run is null ? null : new
            {
                run.Id,
                State = run.State.ToString(),
                run.Followers,
                run.Total,
                run.Pages,
                run.TagsPushed,
                run.Unsubscribed,
                run.LastError,
                run.StartedBy,
                run.StartedUtc,
                run.UpdatedUtc,
                run.CompletedUtc,
                Percent = run.Total > 0 ? Math.Min(100, run.Followers * 100 / run.Total) : run.State == WeChatFollowerSyncState.Completed ? 100 : 0,
                Unfinished = run.State != WeChatFollowerSyncState.Completed,
            },
            Message = message,
            Error = error,
        }, status);
    }
}
