using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.Tags.Admin;
using Lianjie.Tags.Api;
using Lianjie.Tags.Data;
using Lianjie.Tags.Recipes;
using Lianjie.Tags.Services;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, TagsModel>();
        services.AddSingleton<IDataMigration, TagsMigration>();
        services.AddScoped<TagService>();
        services.AddScoped<IFollowerTagService>(sp => sp.GetRequiredService<TagService>());
        services.AddScoped<TagDictionary>();
        services.AddScoped<ITagDictionary, TagDictionaryListing>();
        services.AddScoped<TagJobService>();
        services.AddSingleton<TagJobSignal>();
        services.AddSingleton<IShellBackgroundService, TagJobRunner>();
        services.AddSingleton<IShellBackgroundService, TagExpirySweeper>();
        services.AddScoped<IRecipeStepHandler, TagsStep>();
        services.AddScoped<Lianjie.Core.Ledger.ILedgerReactor, Reactors.ErasedFollowerTagsReactor>();
        services.AddScoped<IRecipeExportContributor, TagsStep>();
        services.AddSingleton<IPermissionProvider, TagsPermissions>();
        services.AddSingleton<IAdminMenuContributor, TagsMenu>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        TagsAdminEndpoints.Map(endpoints);
        FollowerTagsAdminEndpoints.Map(endpoints);
        TagJobsAdminEndpoints.Map(endpoints);
        TagEndpoints.Map(endpoints);
    }
}
