using Lianjie.Core.Shells;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.H5;

/// <summary>
/// A page under /h5 opened inside WeChat by a visitor we do not know yet goes through OAuth
/// first. Outside WeChat, or after a refused attempt, pages open for the anonymous visitor.
/// </summary>
internal sealed class WeChatOAuthRedirect : IShellPipelineContributor
{
    public void Configure(IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (await RedirectUrlAsync(context) is { } url)
        {
            context.Response.Redirect(url);
            return;
        }

        await next(context);
    });

    private static async Task<string?> RedirectUrlAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method)
            || !request.Path.StartsWithSegments("/h5")
            || request.Path.StartsWithSegments("/h5/wechat")
            || request.Path.StartsWithSegments("/h5/jssdk-config")
            || !WeChatH5VisitorAccessor.IsInWeChat(context)
            || request.Cookies.ContainsKey(WeChatOAuthService.SkipCookie))
        {
            return null;
        }

        // A page marked RequireWeChatUserInfo() needs the nickname: authorise snsapi_userinfo unless the cookie already has it.
        var needsProfile = context.GetEndpoint()?.Metadata.GetMetadata<RequiresWeChatUserInfo>() is not null;
        var services = context.RequestServices;
        var identity = services.GetRequiredService<WeChatFollowerCookie>().Read(context);
        if ((identity is not null && (!needsProfile || identity.HasProfile))
            || await services.GetRequiredService<WeChatH5Accounts>().CurrentAsync(context.RequestAborted) is not { } account)
        {
            return null;
        }

        return services.GetRequiredService<WeChatOAuthService>().StartAuthorization(
            context, account, request.PathBase + request.Path + request.QueryString, needsProfile ? WeChatOAuthToken.UserInfoScope : WeChatOAuthToken.BaseScope);
    }
}
