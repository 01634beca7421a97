using Microsoft.AspNetCore.Http;

namespace Lianjie.Core.H5;

/// <summary>
/// Who is looking at an H5 page. The follower comes only from WeChat's OAuth code exchange (kept
/// in a signed cookie by the WeChat module), never from a query string; otherwise the visitor is
/// anonymous, with a stable visitor id that is merged into the follower on a later authorisation.
/// </summary>
public sealed record H5Visitor(string VisitorId, long? FollowerId, string? OpenId, string? AccountId)
{
    public bool IsAnonymous => FollowerId is null;
}

public interface IH5VisitorAccessor
{
    Task<H5Visitor> GetAsync(HttpContext context, CancellationToken cancellationToken = default);
}
