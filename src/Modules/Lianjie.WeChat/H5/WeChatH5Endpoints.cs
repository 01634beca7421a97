using System.Globalization;
using System.Security.Cryptography;
using Lianjie.Core.Http;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Crypto;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.H5;

/// <summary>The OAuth return address and the JS-SDK config for share buttons.</summary>
internal static class WeChatH5Endpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(WeChatOAuthService.CallbackPath, async (HttpContext http, WeChatOAuthService oauth, string? code, string? state) =>
            Results.Redirect(await oauth.CompleteAsync(http, code, state, http.RequestAborted)))
            .AllowAnonymous().ExcludeFromDescription();

        // wx.config for a page of this site: the ticket is cached and shared like the access token.
        endpoints.MapGet("/h5/jssdk-config", async (HttpContext http, WeChatH5Accounts accounts, WeChatApiClient api, TimeProvider clock, string? url) =>
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var page) || page.Scheme is not ("http" or "https")
                || !string.Equals(page.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase))
            {
                return Results.Problem("url must be an absolute URL of this site.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (await accounts.CurrentAsync(http.RequestAborted) is not { } account)
            {
                return Results.Problem("No WeChat account is configured.", statusCode: StatusCodes.Status404NotFound);
            }

            try
            {
                var ticket = await api.JsApiTicketAsync(account.AppId, http.RequestAborted);
                var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                return Results.Json(new { appId = account.AppId, timestamp, nonceStr = nonce, signature = WeChatSignature.ForJsSdk(ticket, nonce, timestamp, url!) });
            }
            catch (WeChatApiException e)
            {
                return Results.Problem($"WeChat refused the ticket: {e.Message}", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().WithMetadata(new ExemptFromAntiforgery()).ExcludeFromDescription();
    }
}
