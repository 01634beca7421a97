using Lianjie.Contents.Data;
using Lianjie.Contents.Parts;
using Lianjie.Contents.Recipes;
using Lianjie.Contents.Services;
using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, ContentsModel>();
        services.AddSingleton<IDataMigration, ContentsMigration>();
        services.AddSingleton<HtmlBodySanitizer>();
        services.AddSingleton<ContentDefinitionCache>();
        services.AddScoped<ContentDefinitionStore>();
        services.AddScoped<ContentItemRepository>();
        services.AddScoped<ContentManager>();
        services.AddScoped<IContentTypeFields, ContentTypeFields>();
        services.AddSingleton<SiteTemplateOverrides>();
        services.AddSingleton<ITemplateOverrideSource>(sp => sp.GetRequiredService<SiteTemplateOverrides>());
        services.AddScoped<SiteTemplateStore>();
        services.AddSingleton<IShellBackgroundService, ScheduledPublisher>();
        services.AddSingleton<IPermissionProvider, ContentsPermissions>();
        services.AddScoped<IDynamicPermissionProvider, ContentTypePermissions>();
        services.AddSingleton<Tracking.TrackingTokens>();
        services.AddSingleton<Tracking.BeaconRateLimiter>();
        services.AddScoped<Tracking.ContentTracker>();
        services.AddScoped<Tracking.ContentStats>();
        services.AddScoped<Lianjie.Core.Ledger.ILedgerReactor, Tracking.NewFollowsReactor>();
        services.AddSingleton<IAdminMenuContributor, ContentsMenu>();

        services.AddScoped<ContentDefinitionRecipeStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<ContentDefinitionRecipeStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<ContentDefinitionRecipeStep>());
        services.AddScoped<ContentRecipeStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<ContentRecipeStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<ContentRecipeStep>());
        services.AddScoped<TemplatesRecipeStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<TemplatesRecipeStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<TemplatesRecipeStep>());
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        Api.ContentApiEndpoints.Map(endpoints);
        Tracking.BeaconEndpoint.Map(endpoints);
        H5.ContentPages.Map(endpoints);
        Admin.ContentListEndpoints.Map(endpoints);
        Admin.ContentEditorEndpoints.Map(endpoints);
        Admin.ContentTypeEndpoints.Map(endpoints);
    }
}

internal sealed class ContentsMenu : IAdminMenuContributor
{
    private static async Task<bool> CanEditAnyAsync(Microsoft.AspNetCore.Http.HttpContext http)
    {
        var definitions = await http.RequestServices.GetRequiredService<ContentDefinitionStore>().LoadReadOnlyAsync(http.RequestAborted);
        return await ContentsPermissions.CanEditAnyAsync(http, definitions.Types.Select(t => t.Name));
    }

    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        // Shown to anyone who may edit some content: generally, or own items, or per content type.
        new("Content", "/admin/content", CorePermissions.AccessAdmin, 100, "Content", CanEditAnyAsync),
        new("Content types", "/admin/content-types", ContentsPermissions.ManageContentTypes, 110, "Content"),
    ];
}
