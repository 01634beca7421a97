using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Simulator.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.Simulator.Phone;

/// <summary>/admin/wechat/simulator: the phone in the browser, sending callbacks to this very site.</summary>
internal static class SimulatorAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin/wechat/simulator").RequirePermission(WeChatPermissions.ManageWeChatAccounts).ExcludeFromDescription();

        // ?openid= picks whose phone to look at (their menu taps and customer-service chat).
        admin.MapGet("/", async (HttpContext http, PageRenderer pages, WeChatAccountService accounts, SimulatorPlatform platform, string? app, string? openid) =>
            await RenderAsync(http, pages, accounts, platform, app, openid is { Length: > 0 and <= 64 } ? new PhoneAction("text", app ?? string.Empty, openid) : null, null, StatusCodes.Status200OK));

        admin.MapPost("/", async (HttpContext http, PageRenderer pages, WeChatAccountService accounts, SimulatorPlatform platform, SimulatorPhone phone, AuditLog audit) =>
        {
            var form = await http.Request.ReadFormAsync();
            var action = new PhoneAction(form["kind"].ToString(), form["app"].ToString(), form["openid"].ToString().Trim(), Blank(form["scene"]), Blank(form["content"]), Blank(form["key"]));
            try
            {
                // The site's own base URL, as this request reached it.
                var site = new Uri($"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/");
                var result = await phone.SendAsync(site, action, http.RequestAborted);
                http.Response.Cookies.Append(SimulatorApiEndpoints.SimulatorPhoneCookie, action.OpenId, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
                await audit.RecordAsync("wechat.simulator.send", action.AppId, $"{action.Kind} {action.OpenId}");
                return await RenderAsync(http, pages, accounts, platform, action.AppId, action, result, StatusCodes.Status200OK);
            }
            catch (Exception e) when (e is ArgumentException or HttpRequestException)
            {
                return await RenderAsync(http, pages, accounts, platform, action.AppId, action, new PhoneResult(0, e.Message, null), StatusCodes.Status400BadRequest);
            }
        });
    }

    private static async Task<IResult> RenderAsync(HttpContext http, PageRenderer pages, WeChatAccountService accounts, SimulatorPlatform platform, string? app, PhoneAction? action, PhoneResult? result, int status)
    {
        var simulated = (await accounts.ListAsync()).Where(a => a.Simulated).ToList();
        var selected = simulated.FirstOrDefault(a => a.AppId == app) ?? simulated.FirstOrDefault();
        var openId = action?.OpenId ?? http.Request.Cookies[SimulatorApiEndpoints.SimulatorPhoneCookie] ?? "osim_demo_user";
        return await pages.AdminAsync("WeChat simulator", "WeChat.Simulator.Phone", new
        {
            Accounts = simulated.Select(a => new { a.AppId, a.Name, Selected = a.AppId == selected?.AppId }).ToList(),
            Kinds = PhoneAction.Kinds,
            Action = action,
            OpenId = openId,
            Result = result,
            Followers = selected is null ? [] : await platform.FollowersAsync(selected.AppId, 20),
            Outbound = selected is null ? [] : await platform.OutboundAsync(selected.AppId, 20),
            // What the user sees on the phone: the live menu and the customer-service messages sent to them.
            Menu = selected is null ? [] : PhoneMenu.Buttons(await platform.CurrentMenuAsync(selected.AppId)),
            Chat = selected is null ? [] : PhoneMenu.Chat(await platform.CustomMessagesToAsync(selected.AppId, openId, 20)),
        }, status);
    }

    private static string? Blank(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString().Trim();
}
