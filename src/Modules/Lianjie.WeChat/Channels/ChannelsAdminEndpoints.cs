using System.Globalization;
using Lianjie.Core.Security;
using Lianjie.Core.Settings;
using Lianjie.Core.Templates;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.Channels;

/// <summary>/admin/wechat/channels: list (search, sort, pages), create, edit, delete, PNG download and the funnel.</summary>
internal static class ChannelsAdminEndpoints
{
    private const string Base = "/admin/wechat/channels";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup(Base).RequirePermission(WeChatChannelPermissions.ManageWeChatChannels).ExcludeFromDescription();

        admin.MapGet("/", async (string? appId, string? q, string? sort, int? page, string? message, PageRenderer pages, WeChatChannelService channels) =>
        {
            var result = await channels.ListAsync(appId, q, sort, page ?? 1);
            return await pages.AdminAsync("QR channels", "WeChat.Channels.Index", new
            {
                Items = result.Items.Select(View).ToList(),
                result.Total,
                result.Page,
                result.Pages,
                AppId = appId ?? string.Empty,
                Q = q ?? string.Empty,
                Sort = sort ?? string.Empty,
                Message = message,
            });
        });

        admin.MapGet("/new", async (PageRenderer pages, WeChatAccountService accounts) =>
            await EditPageAsync(pages, accounts, true, null, null, null));

        admin.MapGet("/{id:long}", async (long id, PageRenderer pages, WeChatAccountService accounts, WeChatChannelService channels) =>
            await channels.FindAsync(id) is { } channel ? await EditPageAsync(pages, accounts, false, View(channel), channel.AppId, null) : Results.NotFound());

        admin.MapPost("/", async (HttpContext http, PageRenderer pages, WeChatAccountService accounts, WeChatChannelService channels) =>
        {
            var form = await http.Request.ReadFormAsync();
            var permanent = form["permanent"] == "true";
            long? id = long.TryParse(form["id"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
            var input = new WeChatChannelInput(
                id,
                form["appId"].ToString().Trim(),
                form["name"].ToString(),
                form["scene"].ToString(),
                permanent,
                permanent ? null : ExpireSeconds(form["expireDays"]),
                form["targetTag"].ToString(),
                form["welcomeReply"].ToString());
            try
            {
                await channels.SaveAsync(input);
                return Results.Redirect($"{Base}?message=saved");
            }
            catch (Exception e) when (e is ArgumentException or KeyNotFoundException)
            {
                var echo = new
                {
                    Id = id,
                    input.AppId,
                    input.Name,
                    input.Scene,
                    input.Permanent,
                    ExpireDays = form["expireDays"].ToString(),
                    input.TargetTag,
                    input.WelcomeReply,
                };
                return await EditPageAsync(pages, accounts, id is null, echo, input.AppId, e.Message);
            }
        });

        admin.MapPost("/{id:long}/delete", async (long id, WeChatChannelService channels) =>
            await channels.DeleteAsync(id) ? Results.Redirect($"{Base}?message=deleted") : Results.NotFound());

        // The printable code: WeChat's ticket (asked for once, renewed when a temporary one expires) drawn as PNG.
        admin.MapGet("/{id:long}/qrcode.png", async (long id, WeChatChannelService channels) =>
        {
            try
            {
                var code = await channels.EnsureTicketAsync(id);
                return Results.File(WeChatQrCodeService.Png(code, 12), "image/png", $"qrcode-{code.Scene}.png");
            }
            catch (KeyNotFoundException)
            {
                return Results.NotFound();
            }
            catch (WeChatApiException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status502BadGateway);
            }
        });

        admin.MapGet("/{id:long}/funnel", async (long id, string? from, string? to, PageRenderer pages, WeChatChannelService channels, SiteSettingsStore settings) =>
        {
            if (await channels.FindAsync(id) is not { } channel)
            {
                return Results.NotFound();
            }

            var zone = (await settings.GetAsync()).TimeZone;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
            var last = ParseDate(to) ?? today;
            var first = ParseDate(from) ?? last.AddDays(-29);
            if (first > last)
            {
                (first, last) = (last, first);
            }

            // Local midnight to local midnight after the last day, in the site's time zone.
            var fromUtc = TimeZoneInfo.ConvertTimeToUtc(first.ToDateTime(TimeOnly.MinValue), zone);
            var toUtc = TimeZoneInfo.ConvertTimeToUtc(last.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
            var funnel = await channels.FunnelAsync(channel.AppId, channel.Scene, fromUtc, toUtc);
            return await pages.AdminAsync("Channel funnel", "WeChat.Channels.Funnel", new
            {
                Channel = View(channel),
                From = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                To = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                TimeZone = zone.Id,
                funnel.Scans,
                funnel.NewFollows,
                funnel.Refollows,
                funnel.UnsubscribedLater,
                funnel.StillSubscribed,
            });
        });
    }

    private static async Task<IResult> EditPageAsync(PageRenderer pages, WeChatAccountService accounts, bool isNew, object? channel, string? appId, string? error)
    {
        var list = await accounts.ListAsync();
        return await pages.AdminAsync(isNew ? "New QR channel" : "Edit QR channel", "WeChat.Channels.Edit", new
        {
            IsNew = isNew,
            Channel = channel,
            Accounts = list.Select(a => new { a.AppId, a.Name, Selected = a.AppId == appId }).ToList(),
            MaxDays = WeChatQrCodeService.MaxTemporarySeconds / 86_400,
            Error = error,
        }, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static object View(WeChatChannel c) => new
    {
        Id = (long?)c.Id,
        c.AppId,
        c.Name,
        c.Scene,
        c.Permanent,
        ExpireDays = c.ExpireSeconds is { } s ? (s / 86_400.0).ToString("0.##", CultureInfo.InvariantCulture) : string.Empty,
        c.TargetTag,
        c.WelcomeReply,
        c.TicketExpiresUtc,
        HasTicket = c.Ticket is not null,
        c.UpdatedUtc,
    };

    /// <summary>Days in the form (decimals allowed); anything unreadable becomes 0 and is refused by validation.</summary>
    private static int? ExpireSeconds(Microsoft.Extensions.Primitives.StringValues days) =>
        double.TryParse(days, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and < 10_000 ? (int)Math.Round(value * 86_400) : 0;

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
