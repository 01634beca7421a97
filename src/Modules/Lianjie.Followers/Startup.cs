using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Modules;
using Lianjie.Followers.Api;
using Lianjie.Followers.Data;
using Lianjie.Followers.Reactors;
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
        services.AddScoped<IFollowerDirectory>(sp => sp.GetRequiredService<FollowerDirectory>());
        services.AddScoped<ConsentRegistry>();
        services.AddScoped<IConsentRegistry>(sp => sp.GetRequiredService<ConsentRegistry>());
        services.AddScoped<ILedgerReactor, FollowerProjectionReactor>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        EventsEndpoints.Map(endpoints);
    }
}
