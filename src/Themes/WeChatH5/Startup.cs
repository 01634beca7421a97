using Lianjie.Core.H5;
using Lianjie.Core.Modules;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace WeChatH5;

public sealed class Startup : ModuleStartup
{
    /// <summary>The layout every follower-facing page renders in.</summary>
    public const string Layout = "Layout.H5";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // A stub until the follower modules fill it (registrations, points, rank).
        endpoints.MapGet("/h5/me", async (HttpContext http, IH5VisitorAccessor visitors, PageRenderer pages) =>
        {
            var visitor = await visitors.GetAsync(http, http.RequestAborted);
            return await pages.PageAsync(Layout, "Me", "H5.Me", new { visitor.IsAnonymous, visitor.FollowerId });
        }).ExcludeFromDescription();
    }
}
