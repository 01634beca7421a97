using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.H5;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Core.Shells;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Admin;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.AutoReplies;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Channels;
using Lianjie.WeChat.Data;
using Lianjie.WeChat.H5;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Recipes;
using Lianjie.WeChat.Sync;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat;

public sealed class Startup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, WeChatModel>();
        services.AddSingleton<IDataMigration, WeChatMigration>();
        services.AddSingleton<IPermissionProvider, WeChatPermissions>();
        services.AddSingleton<IAdminMenuContributor, WeChatMenu>();

        services.AddSingleton<WeChatAccountCache>();
        services.AddScoped<WeChatAccountService>();
        services.AddScoped<WeChatAccountsStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<WeChatAccountsStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<WeChatAccountsStep>());

        services.AddSingleton<CallbackVerifier>();
        services.AddScoped<WeChatEventRecorder>();
        services.AddScoped<WeChatAutoReplyService>();
        services.AddSingleton<WeChatAutoReplyCache>();
        services.AddWeChatChannels(); // before the auto replies: a channel's welcome wins
        services.AddScoped<IWeChatReplyProvider, WeChatAutoReplyProvider>();
        services.AddScoped<WeChatAutoRepliesStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<WeChatAutoRepliesStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<WeChatAutoRepliesStep>());

        services.AddHttpClient(WeChatApiClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<WeChatApiEndpoints>();
        services.AddScoped<WeChatCredentialStore>();
        services.AddSingleton<WeChatRedisConnection>();
        services.AddScoped<WeChatApiClient>();
        services.AddScoped<WeChatTagApi>();
        services.AddScoped<WeChatQrCodeService>();

        services.AddSingleton<WeChatFollowerCookie>();
        services.AddSingleton<WeChatH5VisitorAccessor>();
        // Registered after the core's anonymous accessor, so this one wins.
        services.AddSingleton<IH5VisitorAccessor>(sp => sp.GetRequiredService<WeChatH5VisitorAccessor>());
        services.AddScoped<WeChatH5Accounts>();
        services.AddScoped<WeChatOAuthService>();
        services.AddSingleton<IShellPipelineContributor, WeChatOAuthRedirect>();

        services.AddScoped<WeChatOutbox>();
        services.AddScoped<Lianjie.Core.Ledger.ILedgerReactor, Reactors.MessageRequestReactor>();
        services.AddSingleton<WeChatRateLimiter>();
        services.AddSingleton<WeChatOutboxProcessor>();
        services.AddSingleton<IShellBackgroundService>(sp => sp.GetRequiredService<WeChatOutboxProcessor>());
        SyncStartup.ConfigureServices(services);
        Sending.SendingStartup.ConfigureServices(services);

        Engagement.WeChatEngagement.AddServices(services);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        WeChatCallbackEndpoints.Map(endpoints);
        AccountsAdminEndpoints.Map(endpoints);
        ChannelsAdminEndpoints.Map(endpoints);
        WeChatH5Endpoints.Map(endpoints);
        WeChatSyncAdminEndpoints.Map(endpoints);
        WeChatUserInfoEndpoints.Map(endpoints);
        Engagement.WeChatEngagement.Map(endpoints);
    }
}
