using Lianjie.Core.Http;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Admin.Endpoints;

/// <summary>Scripts can see which features a site runs before they call a module's API.</summary>
internal static class FeaturesApiEndpoints
{
    public sealed record FeatureDto(string Id, string Name, string Category, bool Enabled, IReadOnlyList<string> Dependencies);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/features", "Features");
        api.MapGet("/", (ShellHost host, ShellContextHolder holder) =>
                host.Catalog.All.OrderBy(f => f.Id, StringComparer.Ordinal)
                    .Select(f => new FeatureDto(f.Id, f.Name, f.Category, holder.Shell!.IsEnabled(f.Id), f.Dependencies))
                    .ToList())
            .WithName("ListFeatures")
            .WithSummary("Lists every installed feature and whether it is enabled.")
            .Produces<List<FeatureDto>>();
    }
}
