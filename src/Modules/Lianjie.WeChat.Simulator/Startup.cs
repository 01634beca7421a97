using Lianjie.Core.Admin;
using Lianjie.Core.Cli;
using Lianjie.Core.Data;
using Lianjie.Core.Modules;
using Lianjie.WeChat.Simulator.Data;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Simulator.Platform;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Simulator;

public sealed class Startup : ModuleStartup
{
    public override int Order => 10;

    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, SimulatorModel>();
        services.AddSingleton<IDataMigration, SimulatorMigration>();
        services.AddSingleton<IAdminMenuContributor, SimulatorMenu>();
        services.AddSingleton<SimulatorControls>();
        services.AddScoped<SimulatorPlatform>();
        services.AddSingleton<IEntityModelContributor, SimulatorSyncModel>();
        services.AddSingleton<IDataMigration, SimulatorSyncMigration>();
        services.AddSingleton<SimulatorFaults>();
        services.AddSingleton<StableTokenLimits>();
        services.AddScoped<SimulatorSyncApi>();
        services.AddScoped<SimulatorPhone>();
        services.AddScoped<ICliCommand, WeChatSimCommand>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        SimulatorApiEndpoints.Map(endpoints);
        SimulatorAdminEndpoints.Map(endpoints);
    }
}

internal sealed class SimulatorMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("WeChat simulator", "/admin/wechat/simulator", WeChatPermissions.ManageWeChatAccounts, 720, "WeChat"),
    ];
}
