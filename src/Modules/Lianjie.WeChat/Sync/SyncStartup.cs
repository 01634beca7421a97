using Lianjie.Core.Cli;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Core.Shells;
using Lianjie.WeChat.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Sync;

/// <summary>Services of tag mirroring, the full follower sync and stable_token (called from the module's Startup).</summary>
internal static class SyncStartup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, WeChatSyncModel>();
        services.AddSingleton<IDataMigration, WeChatSyncMigration>();
        services.AddSingleton<IEntityModelContributor, WeChatSyncAbsentModel>();
        services.AddSingleton<IDataMigration, WeChatSyncAbsentMigration>();
        services.AddScoped<WeChatSyncAbsentFollowers>();
        services.AddScoped<WeChatApiSettingsStore>();
        services.AddScoped<WeChatTagMirror>();
        services.AddScoped<IWeChatOutboxHandler, MirrorCreateHandler>();
        services.AddScoped<IWeChatOutboxHandler, MirrorUpdateHandler>();
        services.AddScoped<IWeChatOutboxHandler, MirrorDeleteHandler>();
        services.AddScoped<IWeChatOutboxHandler, MirrorMembersHandler>();
        services.AddScoped<ILedgerReactor, MirroredTagReactor>();
        services.AddScoped<WeChatFollowerSync>();
        services.AddSingleton<WeChatFollowerSyncRunner>();
        services.AddSingleton<IShellBackgroundService>(sp => sp.GetRequiredService<WeChatFollowerSyncRunner>());
        services.AddScoped<ICliCommand, WeChatSyncCommand>();
    }
}
