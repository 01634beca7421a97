using Lianjie.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.WeChat.H5;

/// <summary>
/// /h5/wechat/oauth/userinfo?returnUrl=/h5/…: a page that needs the nickname on demand (e.g. a
/// "show my name" button) sends the visitor here; it starts snsapi_userinfo and comes back.
/// </summary>
internal static class WeChatUserInfoEndpoints
{
    public const string StartPath = "/h5/wechat/oauth/userinfo";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(StartPath, async (HttpContext http, WeChatH5Accounts accounts, WeChatOAuthService oauth, string? returnUrl) =>
        {
            var target = WeChatOAuthService.IsLocal(returnUrl) ? returnUrl! : "/h5";
            if (await accounts.CurrentAsync(http.RequestAborted) is not { } account)
            {
                return Results.Redirect(target);
            }

            return Results.Redirect(oauth.StartAuthorization(http, account, target, WeChatOAuthToken.UserInfoScope));
        }).AllowAnonymous().WithMetadata(new ExemptFromAntiforgery()).ExcludeFromDescription();
}
