using Lianjie.Core.Audit;
using Lianjie.Core.Modules;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Admin.Endpoints;

internal static class FeaturesEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/features").RequirePermission(CorePermissions.ManageFeatures).ExcludeFromDescription();

        group.MapGet("/", async (PageRenderer pages, ShellHost host, ShellContextHolder holder, string? message, string? error, string? q) =>
        {
            var shell = holder.Shell!;
            var features = host.Catalog.All
                .Where(f => string.IsNullOrWhiteSpace(q) || f.Id.Contains(q, StringComparison.OrdinalIgnoreCase) || f.Name.Contains(q, StringComparison.OrdinalIgnoreCase))
                .OrderBy(f => f.Category, StringComparer.Ordinal).ThenBy(f => f.Id, StringComparer.Ordinal)
                .Select(f => new
                {
                    f.Id,
                    f.Name,
                    f.Description,
                    f.Category,
                    Dependencies = string.Join(", ", f.Dependencies),
                    Enabled = shell.IsEnabled(f.Id),
                    f.AlwaysEnabled,
                    NeededBy = string.Join(", ", host.Catalog.DependentsOf(f.Id, shell.FeatureIds)),
                })
                .ToList();
            return await pages.AdminAsync("Features", "Features", new { Items = features, Message = message, Error = error, Query = q });
        });

        group.MapPost("/{id}/{action:regex(^(enable|disable)$)}", async (string id, string action, ShellHost host, HttpContext http) =>
        {
            try
            {
                if (action == "enable")
                {
                    await host.EnableAsync([id]);
                }
                else
                {
                    await host.DisableAsync([id]);
                }

                // The old shell's services are gone; record with the new one.
                await using var scope = host.Current!.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<AuditLog>().RecordAsync($"feature.{action}", id, userName: http.User.Identity?.Name);
                return Results.Redirect($"/admin/features?message={Uri.EscapeDataString($"{id}: {action}d")}");
            }
            catch (Exception e) when (e is FeatureInUseException or FeatureCatalogException)
            {
                return Results.Redirect($"/admin/features?error={Uri.EscapeDataString(e.Message)}");
            }
        });
    }
}
