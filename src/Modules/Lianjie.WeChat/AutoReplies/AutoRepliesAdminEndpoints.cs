using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Engagement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>/admin/wechat/autoreplies: an account's welcome message and keyword rules.</summary>
internal static class AutoRepliesAdminEndpoints
{
    private const string Root = "/admin/wechat/autoreplies";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(Root).RequirePermission(WeChatEngagementPermissions.ManageWeChatMenus).ExcludeFromDescription();

        admin.MapGet("/", async (PageRenderer pages, WeChatAccountService accounts, WeChatAutoReplyService replies, string? app, string? q, string? message) =>
        {
            var all = await accounts.ListAsync();
            var selected = all.FirstOrDefault(a => a.AppId == app) ?? all.FirstOrDefault();
            var rules = selected is null ? [] : await replies.ListAsync(selected.AppId);
            if (!string.IsNullOrWhiteSpace(q))
            {
                rules = rules.Where(r => (r.Match ?? string.Empty).Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
                    || r.ReplyText.Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)
                    || (r.NewsTitle ?? string.Empty).Contains(q.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
            }

            return await pages.AdminAsync("Auto-replies", "WeChat.AutoReplies.Index", new
            {
                Accounts = all.Select(a => new { a.AppId, a.Name, Selected = a.AppId == selected?.AppId }).ToList(),
                AppId = selected?.AppId,
                Welcome = rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Welcome),
                Keywords = rules.Where(r => r.Trigger == WeChatAutoReply.Keyword).ToList(),
                Q = q,
                Message = message,
            });
        });

        admin.MapGet("/new", async (PageRenderer pages, WeChatAccountService accounts, string? app, string? trigger) =>
            app is not null && await accounts.FindAsync(app) is not null
                ? await EditAsync(pages, new WeChatAutoReply { AppId = app, Trigger = trigger == WeChatAutoReply.Welcome ? WeChatAutoReply.Welcome : WeChatAutoReply.Keyword }, null, StatusCodes.Status200OK)
                : Results.NotFound());

        admin.MapGet("/{id:long}", async (long id, PageRenderer pages, WeChatAutoReplyEditor editor) =>
            await editor.FindAsync(id) is { } rule ? await EditAsync(pages, rule, null, StatusCodes.Status200OK) : Results.NotFound());

        admin.MapPost("/", async (HttpContext http, PageRenderer pages, WeChatAccountService accounts, WeChatAutoReplyEditor editor) =>
        {
            var form = await http.Request.ReadFormAsync();
            var rule = new WeChatAutoReply
            {
                Id = long.TryParse(form["id"], out var id) ? id : 0,
                AppId = form["app"].ToString(),
                Trigger = form["trigger"] == WeChatAutoReply.Welcome ? WeChatAutoReply.Welcome : WeChatAutoReply.Keyword,
                Match = form["match"].ToString(),
                Exact = form["exact"] == "true",
                ReplyKind = form["replyKind"] == WeChatAutoReply.NewsReply ? WeChatAutoReply.NewsReply : WeChatAutoReply.TextReply,
                ReplyText = form["replyText"].ToString(),
                NewsTitle = form["newsTitle"].ToString(),
                NewsDescription = form["newsDescription"].ToString(),
                NewsPicUrl = form["newsPicUrl"].ToString(),
                NewsUrl = form["newsUrl"].ToString(),
                TagName = form["tagName"].ToString(),
            };
            if (await accounts.FindAsync(rule.AppId) is null)
            {
                return Results.NotFound();
            }

            try
            {
                await editor.SaveAsync(rule);
                return Results.Redirect($"{Root}?app={Uri.EscapeDataString(rule.AppId)}&message=saved");
            }
            catch (ArgumentException e)
            {
                return await EditAsync(pages, rule, e.Message, StatusCodes.Status400BadRequest);
            }
        });

        admin.MapPost("/{id:long}/delete", async (long id, WeChatAutoReplyEditor editor) =>
        {
            var rule = await editor.FindAsync(id);
            return rule is not null && await editor.DeleteAsync(id)
                ? Results.Redirect($"{Root}?app={Uri.EscapeDataString(rule.AppId)}&message=deleted")
                : Results.NotFound();
        });
    }

    private static async Task<IResult> EditAsync(PageRenderer pages, WeChatAutoReply rule, string? error, int status) =>
        await pages.AdminAsync(rule.Trigger == WeChatAutoReply.Welcome ? "Welcome message" : "Keyword reply", "WeChat.AutoReplies.Edit", new
        {
            Rule = rule,
            IsWelcome = rule.Trigger == WeChatAutoReply.Welcome,
            IsNews = rule.ReplyKind == WeChatAutoReply.NewsReply,
            Error = error,
        }, status);
}
