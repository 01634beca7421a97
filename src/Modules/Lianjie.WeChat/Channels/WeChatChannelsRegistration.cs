using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.WeChat.Callback;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Channels;

public sealed class WeChatChannelPermissions : IPermissionProvider
{
    public static readonly Permission ManageWeChatChannels = new("ManageWeChatChannels", "Manage WeChat QR channels and see their funnels", "WeChat");

    public IEnumerable<Permission> GetPermissions() => [ManageWeChatChannels];
}

internal sealed class WeChatChannelsMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("QR channels", "/admin/wechat/channels", WeChatChannelPermissions.ManageWeChatChannels, 710, "WeChat"),
    ];
}

internal static class WeChatChannelsRegistration
{
    /// <summary>Must run before the generic auto-reply provider is registered: the first reply provider wins.</summary>
    public static IServiceCollection AddWeChatChannels(this IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, WeChatChannelsModel>();
        services.AddSingleton<IDataMigration, WeChatChannelsMigration>();
        services.AddSingleton<IPermissionProvider, WeChatChannelPermissions>();
        services.AddSingleton<IAdminMenuContributor, WeChatChannelsMenu>();
        services.AddScoped<WeChatChannelService>();
        services.AddScoped<IWeChatReplyProvider, WeChatChannelReplyProvider>();
        services.AddScoped<ILedgerReactor, WeChatChannelFunnelReactor>();
        services.AddScoped<WeChatQrChannelsStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<WeChatQrChannelsStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<WeChatQrChannelsStep>());
        return services;
    }
}
