using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Http;
using Lianjie.WeChat.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using QRCoder;

namespace Lianjie.WeChat.Simulator.Platform;

/// <summary>
/// /simulator/cgi-bin/... and /simulator/sns/...: the WeChat API surface simulated accounts call
/// over HTTP. Always HTTP 200 with errcode, like the real platform.
/// </summary>
internal static class SimulatorApiEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var sim = endpoints.MapGroup("/simulator").AllowAnonymous().WithMetadata(new ExemptFromAntiforgery()).ExcludeFromDescription();

        sim.MapGet("/cgi-bin/token", async (SimulatorPlatform platform, string? appid, string? secret, string? grant_type, CancellationToken ct) =>
            grant_type != "client_credential" ? Results.Json(SimulatorResponses.Error(40013)) : Results.Json(await platform.IssueTokenAsync(appid, secret, ct)));

        sim.MapPost("/cgi-bin/stable_token", async (HttpContext http, SimulatorSyncApi sync, CancellationToken ct) =>
            Results.Json(await ReadBodyAsync(http, ct) is { } body ? await sync.StableTokenAsync(body, ct) : SimulatorResponses.Error(44002)));
        SyncPost(sim, "/cgi-bin/user/info/batchget", "user/info/batchget", (s, app, body, ct) => s.BatchGetUserInfoAsync(app, body, ct));
        SyncPost(sim, "/cgi-bin/tags/update", "tags/update", (s, app, body, ct) => s.UpdateTagAsync(app, body, ct));
        sim.MapGet("/sns/userinfo", async (SimulatorSyncApi sync, string? access_token, string? openid, CancellationToken ct) =>
            Results.Json(await sync.SnsUserInfoAsync(access_token, openid, ct)));
        Get(sim, "/cgi-bin/user/info", "user/info", (p, app, q, ct) => p.UserInfoAsync(app, q["openid"], ct));
        Get(sim, "/cgi-bin/user/get", "user/get", (p, app, q, ct) => p.UserListAsync(app, q["next_openid"], ct));
        Get(sim, "/cgi-bin/tags/get", "tags/get", (p, app, _, ct) => p.ListTagsAsync(app, ct));
        Get(sim, "/cgi-bin/ticket/getticket", "ticket/getticket", (p, app, q, ct) => q["type"] == "jsapi" ? p.JsApiTicketAsync(app, ct) : Task.FromResult(SimulatorResponses.Error(40097)));
        Post(sim, "/cgi-bin/tags/create", "tags/create", (p, app, body, ct) => p.CreateTagAsync(app, body, ct));
        Post(sim, "/cgi-bin/tags/delete", "tags/delete", (p, app, body, ct) => p.DeleteTagAsync(app, body, ct));
        Post(sim, "/cgi-bin/tags/members/batchtagging", "tags/members/batchtagging", (p, app, body, ct) => p.BatchTagAsync(app, body, add: true, ct));
        Post(sim, "/cgi-bin/tags/members/batchuntagging", "tags/members/batchuntagging", (p, app, body, ct) => p.BatchTagAsync(app, body, add: false, ct));
        Post(sim, "/cgi-bin/tags/getidlist", "tags/getidlist", (p, app, body, ct) => p.TagIdsOfAsync(app, body, ct));
        Post(sim, "/cgi-bin/qrcode/create", "qrcode/create", (p, app, body, ct) => p.CreateQrCodeAsync(app, body, ct));
        Post(sim, "/cgi-bin/menu/create", "menu/create", (p, app, body, ct) => p.CreateMenuAsync(app, body, ct));
        Get(sim, "/cgi-bin/menu/get", "menu/get", (p, app, _, ct) => p.GetMenuAsync(app, ct));
        Get(sim, "/cgi-bin/menu/delete", "menu/delete", (p, app, _, ct) => p.DeleteMenuAsync(app, ct));
        Post(sim, "/cgi-bin/message/custom/send", "message/custom/send", (p, app, body, ct) => p.CustomSendAsync(app, body, ct));
        Post(sim, "/cgi-bin/message/template/send", "message/template/send", (p, app, body, ct) => p.TemplateSendAsync(app, body, ct));
        Post(sim, "/cgi-bin/message/mass/sendall", "message/mass/sendall", (p, app, body, ct) => p.MassSendAsync(app, body, ct));
        Post(sim, "/cgi-bin/message/mass/send", "message/mass/send", (p, app, body, ct) => p.MassSendToOpenIdsAsync(app, body, ct));
        Post(sim, "/cgi-bin/message/mass/preview", "message/mass/preview", (p, app, body, ct) => p.MassPreviewAsync(app, body, ct));

        sim.MapGet("/cgi-bin/showqrcode", (string? ticket) =>
        {
            if (string.IsNullOrEmpty(ticket) || ticket.Length > 400)
            {
                return Results.NotFound();
            }

            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode("http://weixin.qq.com/q/" + ticket, QRCodeGenerator.ECCLevel.M);
            return Results.File(new PngByteQRCode(data).GetGraphic(8), "image/png");
        });

        sim.MapGet("/sns/oauth2/access_token", async (SimulatorPlatform platform, SimulatorSyncApi sync, string? appid, string? secret, string? code, CancellationToken ct) =>
            Results.Json(await sync.CompleteExchangeAsync(appid ?? string.Empty, code ?? string.Empty, await platform.ExchangeOAuthCodeAsync(appid, secret, code, ct), ct)));

        // The consent screen of a simulated account: no screen at all, the "user" agrees at once.
        sim.MapGet("/connect/oauth2/authorize", async (HttpContext http, SimulatorPlatform platform, SimulatorSyncApi sync, WeChatAccountService accounts, string? appid, string? redirect_uri, string? state, string? scope, string? sim_openid, CancellationToken ct) =>
        {
            var account = appid is null ? null : await accounts.GetKeysAsync(appid, ct);
            if (account is not { Simulated: true } || !Uri.TryCreate(redirect_uri, UriKind.Absolute, out var redirect) || !SameSite(http, redirect))
            {
                return Results.BadRequest("invalid appid or redirect_uri");
            }

            var openId = sim_openid is { Length: > 0 and <= 64 } chosen ? chosen
                : http.Request.Cookies[SimulatorPhoneCookie] is { Length: > 0 and <= 64 } phone ? phone
                : "osim_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10));
            if (scope is not ("snsapi_base" or "snsapi_userinfo"))
            {
                return Results.BadRequest("scope must be snsapi_base or snsapi_userinfo");
            }

            var code = await platform.IssueOAuthCodeAsync(account.AppId, openId, ct);
            if (scope == "snsapi_userinfo")
            {
                await sync.RecordCodeScopeAsync(code, scope, ct);
            }

            var separator = redirect.Query.Length > 0 ? "&" : "?";
            return Results.Redirect($"{redirect.GetLeftPart(UriPartial.Query)}{separator}code={code}&state={Uri.EscapeDataString(state ?? string.Empty)}");
        });
    }

    /// <summary>The phone page remembers which simulated user is "holding" it.</summary>
    public const string SimulatorPhoneCookie = "lj-sim-openid";

    // The simulator only sends codes back to this very site: no open redirector.
    private static bool SameSite(HttpContext http, Uri redirect) =>
        string.Equals(redirect.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static JsonObject? Fault(HttpContext http, string appId, string api) =>
        http.RequestServices.GetRequiredService<SimulatorFaults>().Next(appId, api) is { } code ? SimulatorResponses.Error(code) : null;

    private static async Task<JsonObject?> ReadBodyAsync(HttpContext http, CancellationToken ct)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A POST API served by <see cref="SimulatorSyncApi"/>, authorised like the others.</summary>
    private static void SyncPost(RouteGroupBuilder sim, string path, string api, Func<SimulatorSyncApi, string, JsonObject, CancellationToken, Task<JsonObject>> handle) =>
        sim.MapPost(path, async (HttpContext http, SimulatorPlatform platform, SimulatorSyncApi sync, CancellationToken ct) =>
        {
            var (appId, error) = await platform.AuthorizeAsync(http.Request.Query["access_token"], api, ct);
            error ??= Fault(http, appId!, api);
            if (error is not null)
            {
                return Results.Json(error);
            }

            return Results.Json(await ReadBodyAsync(http, ct) is { } body ? await handle(sync, appId!, body, ct) : SimulatorResponses.Error(44002));
        });

    private static void Get(RouteGroupBuilder sim, string path, string api, Func<SimulatorPlatform, string, IQueryCollection, CancellationToken, Task<JsonObject>> handle) =>
        sim.MapGet(path, async (HttpContext http, SimulatorPlatform platform, CancellationToken ct) =>
        {
            var (appId, error) = await platform.AuthorizeAsync(http.Request.Query["access_token"], api, ct);
            error ??= Fault(http, appId!, api);
            return Results.Json(error ?? await handle(platform, appId!, http.Request.Query, ct));
        });

    private static void Post(RouteGroupBuilder sim, string path, string api, Func<SimulatorPlatform, string, JsonObject, CancellationToken, Task<JsonObject>> handle) =>
        sim.MapPost(path, async (HttpContext http, SimulatorPlatform platform, CancellationToken ct) =>
        {
            var (appId, error) = await platform.AuthorizeAsync(http.Request.Query["access_token"], api, ct);
            error ??= Fault(http, appId!, api);
            if (error is not null)
            {
                return Results.Json(error);
            }

            if (http.Request.ContentLength > MaxBodyBytes)
            {
                return Results.Json(SimulatorResponses.Error(47001));
            }

            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            if (body is null)
            {
                return Results.Json(SimulatorResponses.Error(44002));
            }

            try
            {
                return Results.Json(await handle(platform, appId!, body, ct));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
            {
                // A wrongly typed field, as WeChat answers it.
                return Results.Json(SimulatorResponses.Error(47001));
            }
        });
}
