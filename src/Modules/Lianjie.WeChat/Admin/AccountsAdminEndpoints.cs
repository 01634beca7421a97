using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.Admin;

/// <summary>/admin/wechat/accounts: list, create and edit. Secrets are write-only: shown masked once saved.</summary>
internal static class AccountsAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/wechat/accounts").RequirePermission(WeChatPermissions.ManageWeChatAccounts).ExcludeFromDescription();

        admin.MapGet("/", async (HttpContext http, PageRenderer pages, WeChatAccountService accounts, string? message) =>
            await pages.AdminAsync("WeChat accounts", "WeChat.Accounts.Index", new
            {
                Items = (await accounts.ListAsync()).Select(a => View(a, http)).ToList(),
                Message = message,
            }));

        admin.MapGet("/new", async (PageRenderer pages) =>
            await pages.AdminAsync("New WeChat account", "WeChat.Accounts.Edit", new { IsNew = true, Account = (object?)null, Modes = Modes(WeChatMessageMode.Plain) }));

        admin.MapGet("/{appId}", async (string appId, HttpContext http, PageRenderer pages, WeChatAccountService accounts) =>
            await accounts.FindAsync(appId) is { } account
                ? await pages.AdminAsync("Edit WeChat account", "WeChat.Accounts.Edit", new { IsNew = false, Account = View(account, http), Modes = Modes(account.MessageMode) })
                : Results.NotFound());

        admin.MapPost("/", async (HttpContext http, PageRenderer pages, WeChatAccountService accounts) =>
        {
            var form = await http.Request.ReadFormAsync();
            var isNew = form["isNew"] == "true";
            var input = new WeChatAccountInput(
                form["appId"].ToString().Trim(),
                form["name"].ToString(),
                Blank(form["appSecret"]),
                Blank(form["encodingAesKey"]),
                form["token"].ToString(),
                Enum.TryParse<WeChatMessageMode>(form["messageMode"], ignoreCase: true, out var mode) ? mode : WeChatMessageMode.Plain,
                form["simulated"] == "true",
                Blank(form["apiBaseUrl"]));
            try
            {
                if (isNew && await accounts.FindAsync(input.AppId) is not null)
                {
                    throw new ArgumentException("An account with this AppId already exists.");
                }

                await accounts.UpsertAsync(input);
                return Results.Redirect("/admin/wechat/accounts?message=saved");
            }
            catch (ArgumentException e)
            {
                // Re-show the form without echoing any secret back.
                return await pages.AdminAsync(isNew ? "New WeChat account" : "Edit WeChat account", "WeChat.Accounts.Edit", new
                {
                    IsNew = isNew,
                    Account = new { input.AppId, input.Name, input.Token, input.Simulated, input.ApiBaseUrl, SecretMask = string.Empty, AesKeyMask = string.Empty },
                    Modes = Modes(input.MessageMode),
                    Error = e.Message,
                }, StatusCodes.Status400BadRequest);
            }
        });

        // A channel's parametric QR code as PNG (e.g. <img src=".../qrcode?scene=pharmacy_counter">).
        admin.MapGet("/{appId}/qrcode", async (string appId, string? scene, bool? permanent, WeChatQrCodeService codes, AuditLog audit) =>
        {
            try
            {
                var code = await codes.CreateAsync(appId, scene ?? string.Empty, permanent ?? false);
                await audit.RecordAsync("wechat.qrcode.create", appId, $"scene {code.Scene}; permanent={permanent ?? false}");
                return Results.File(WeChatQrCodeService.Png(code), "image/png", $"qrcode-{appId}-{code.Scene}.png");
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest);
            }
            catch (WeChatApiException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway);
            }
        });

        admin.MapPost("/{appId}/delete", async (string appId, WeChatAccountService accounts) =>
        {
            await accounts.DeleteAsync(appId);
            return Results.Redirect("/admin/wechat/accounts?message=deleted");
        });
    }

    private static object View(WeChatAccount a, HttpContext http) => new
    {
        a.AppId,
        a.Name,
        a.Token,
        MessageMode = a.MessageMode.ToString(),
        a.Simulated,
        a.ApiBaseUrl,
        a.UpdatedUtc,
        SecretMask = WeChatAccountService.Mask(a.SecretHint),
        AesKeyMask = WeChatAccountService.Mask(a.AesKeyHint),
        CallbackUrl = $"{http.Request.Scheme}://{http.Request.Host}/wechat/{a.AppId}",
    };

    private static List<object> Modes(WeChatMessageMode selected) =>
        Enum.GetValues<WeChatMessageMode>().Select(m => (object)new { Name = m.ToString(), Selected = m == selected }).ToList();

    private static string? Blank(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString();
}
