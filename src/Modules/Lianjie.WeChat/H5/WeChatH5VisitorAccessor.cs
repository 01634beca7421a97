using Lianjie.Core.H5;
using Microsoft.AspNetCore.Http;

namespace Lianjie.WeChat.H5;

/// <summary>
/// Replaces the core's anonymous accessor: inside WeChat, a follower cookie set after OAuth
/// identifies the follower; everything else (no cookie, tampered cookie, outside WeChat, a
/// follower id in the query string) is the anonymous visitor.
/// </summary>
public sealed class WeChatH5VisitorAccessor(AnonymousH5VisitorAccessor anonymous, WeChatFollowerCookie cookie) : IH5VisitorAccessor
{
    public Task<H5Visitor> GetAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var visitorId = anonymous.VisitorId(context);
        var identity = IsInWeChat(context) ? cookie.Read(context) : null;
        return Task.FromResult(identity is null
            ? new H5Visitor(visitorId, null, null, null)
            : new H5Visitor(visitorId, identity.FollowerId, identity.OpenId, identity.AppId));
    }

    public static bool IsInWeChat(HttpContext context) =>
        context.Request.Headers.UserAgent.ToString().Contains("MicroMessenger", StringComparison.OrdinalIgnoreCase);
}
