using Lianjie.Core.Admin;
using Lianjie.Core.Cli;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Modules;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.Followers.Admin;
using Lianjie.Followers.Api;
using Lianjie.Followers.Cli;
using Lianjie.Followers.Data;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Reactors;
using Lianjie.Followers.Search;
using Lianjie.Followers.Services;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, FollowersModel>();
        services.AddSingleton<IDataMigration, FollowersMigration>();
        services.AddScoped<FollowerDirectory>();
        services.AddSingleton<FollowerIdCache>();
        services.AddScoped<IFollowerDirectory>(sp => sp.GetRequiredService<FollowerDirectory>());
        services.AddScoped<ConsentRegistry>();
        services.AddScoped<IConsentRegistry>(sp => sp.GetRequiredService<ConsentRegistry>());
        services.AddScoped<ILedgerReactor, FollowerProjectionReactor>();

        // One index lease per shell; disposed with the shell, which releases the folder.
        services.AddSingleton<FollowerIndexAccessor>();
        services.AddScoped<ILedgerReactor, FollowerSearchReactor>();
        services.AddSingleton<FollowerIndexQueue>();
        services.AddSingleton<IShellBackgroundService, FollowerIndexQueueWorker>();
        services.AddScoped<FollowerList>();
        services.AddScoped<FollowerProfileEditor>();
        services.AddScoped<FollowerErasure>();
        services.AddScoped<FollowerDataExport>();

        services.AddScoped<ImportJobStore>();
        services.AddScoped<FollowerImporter>();
        services.AddSingleton<ImportJobSignal>();
        services.AddSingleton<IShellBackgroundService, ImportJobWorker>();

        services.AddSingleton<IPermissionProvider, FollowersPermissions>();
        services.AddSingleton<IAdminMenuContributor, FollowersMenu>();
        services.AddSingleton<ICliCommand, FollowersCliCommand>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        EventsEndpoints.Map(endpoints);
        FollowersEndpoints.Map(endpoints);
        FollowersAdminEndpoints.Map(endpoints);
        FollowerDetailEndpoints.Map(endpoints);
        ImportAdminEndpoints.Map(endpoints);
    }
}
