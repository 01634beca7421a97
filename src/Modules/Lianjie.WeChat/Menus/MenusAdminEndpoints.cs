using System.Text.Json.Nodes;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Engagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.Menus;

/// <summary>/admin/wechat/menus: one custom menu per account; save a draft, publish or delete it through the outbox.</summary>
internal static class MenusAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/wechat/menus").RequirePermission(WeChatEngagementPermissions.ManageWeChatMenus).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, WeChatAccountService accounts, WeChatMenuService menus) =>
        {
            var records = (await menus.ListAsync()).ToDictionary(m => m.AppId, StringComparer.Ordinal);
            var items = new List<object>();
            foreach (var account in await accounts.ListAsync())
            {
                var record = records.GetValueOrDefault(account.AppId);
                items.Add(new
                {
                    account.AppId,
                    account.Name,
                    HasDraft = record?.DraftJson is not null,
                    Buttons = Count(record?.DraftJson),
                    Status = await menus.StatusAsync(record),
                });
            }

            return await pages.AdminAsync("WeChat menus", "WeChat.Menus.Index", new { Items = items });
        });

        admin.MapGet("/{appId}", async (string appId, string? message, PageRenderer pages, WeChatAccountService accounts, WeChatMenuService menus) =>
        {
            if (await accounts.FindAsync(appId) is not { } account)
            {
                return Results.NotFound();
            }

            var record = await menus.FindAsync(appId);
            var draft = record?.DraftJson is { } json ? JsonNode.Parse(json) as JsonObject : null;
            return await RenderAsync(pages, menus, account, record, draft, [], message, StatusCodes.Status200OK);
        });

        admin.MapPost("/{appId}", async (string appId, HttpContext http, PageRenderer pages, WeChatAccountService accounts, WeChatMenuService menus) =>
        {
            if (await accounts.FindAsync(appId) is not { } account)
            {
                return Results.NotFound();
            }

            var form = await http.Request.ReadFormAsync();
            JsonObject? menu = null;
            try
            {
                menu = WeChatMenuForm.Parse(form);
                await menus.SaveDraftAsync(appId, menu);
                return Results.Redirect($"/admin/wechat/menus/{Uri.EscapeDataString(appId)}?message=saved");
            }
            catch (WeChatMenuInvalidException e)
            {
                return await RenderAsync(pages, menus, account, await menus.FindAsync(appId), menu, e.Issues, null, StatusCodes.Status400BadRequest);
            }
        });

        admin.MapPost("/{appId}/publish", async (string appId, PageRenderer pages, WeChatAccountService accounts, WeChatMenuService menus) =>
        {
            if (await accounts.FindAsync(appId) is not { } account)
            {
                return Results.NotFound();
            }

            try
            {
                await menus.PublishAsync(appId);
                return Results.Redirect($"/admin/wechat/menus/{Uri.EscapeDataString(appId)}?message=queued");
            }
            catch (WeChatMenuInvalidException e)
            {
                var record = await menus.FindAsync(appId);
                var draft = record?.DraftJson is { } json ? JsonNode.Parse(json) as JsonObject : null;
                return await RenderAsync(pages, menus, account, record, draft, e.Issues, null, StatusCodes.Status400BadRequest);
            }
        });

        admin.MapPost("/{appId}/delete", async (string appId, WeChatAccountService accounts, WeChatMenuService menus) =>
        {
            if (await accounts.FindAsync(appId) is null)
            {
                return Results.NotFound();
            }

            await menus.DeleteAsync(appId);
            return Results.Redirect($"/admin/wechat/menus/{Uri.EscapeDataString(appId)}?message=queued");
        });
    }

    private static async Task<IResult> RenderAsync(PageRenderer pages, WeChatMenuService menus, WeChatAccount account, WeChatMenuRecord? record, JsonObject? menu, IReadOnlyList<WeChatMenuIssue> issues, string? message, int status) =>
        await pages.AdminAsync("WeChat menu", "WeChat.Menus.Edit", new
        {
            account.AppId,
            AccountName = account.Name,
            Slots = WeChatMenuForm.Slots(menu, issues, pages.T),
            // Issues without a field of their own (button count) show above the form.
            MenuErrors = issues.Where(i => i.Field is "menu" || !i.Field.Contains('.')).Select(i => $"{pages.T(i.Message)} ({i.Code})").ToList(),
            HasErrors = issues.Count > 0,
            Types = WeChatMenuValidator.ButtonTypes,
            HasDraft = record?.DraftJson is not null,
            Published = record?.PublishedJson,
            Status = await menus.StatusAsync(record),
            Message = message,
        }, status);

    private static int Count(string? json) => json is null ? 0 : (JsonNode.Parse(json)?["button"] as JsonArray)?.Count ?? 0;
}
