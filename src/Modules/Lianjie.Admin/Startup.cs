using Lianjie.Admin.Endpoints;
using Lianjie.Core.Admin;
using Lianjie.Core.Modules;
using Lianjie.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Admin;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IAdminMenuContributor, AdminMenu>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        DashboardEndpoints.Map(endpoints);
        FeaturesEndpoints.Map(endpoints);
        AuditEndpoints.Map(endpoints);
        RecipesEndpoints.Map(endpoints);
        SettingsEndpoints.Map(endpoints);
        FeaturesApiEndpoints.Map(endpoints);
        endpoints.MapGet("/", () => Microsoft.AspNetCore.Http.Results.Redirect("/admin"));
    }
}

internal sealed class AdminMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("Dashboard", "/admin", CorePermissions.AccessAdmin, 0),
        new("Features", "/admin/features", CorePermissions.ManageFeatures, 800, "Configuration"),
        new("Settings", "/admin/settings", CorePermissions.ManageSettings, 810, "Configuration"),
        new("Recipes", "/admin/recipes", CorePermissions.ImportRecipes, 820, "Configuration"),
        new("Audit log", "/admin/audit", CorePermissions.ViewAudit, 990, "Security"),
    ];
}
