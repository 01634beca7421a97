using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.WeChat.AutoReplies;
using Lianjie.WeChat.Inbox;
using Lianjie.WeChat.Menus;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Engagement;

/// <summary>Menus, the customer-service inbox and the auto-reply admin, plugged in by the WeChat module's Startup.</summary>
internal static class WeChatEngagement
{
    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, WeChatEngagementModel>();
        services.AddSingleton<IDataMigration, WeChatEngagementMigration>();
        services.AddSingleton<IPermissionProvider, WeChatEngagementPermissions>();
        services.AddSingleton<IAdminMenuContributor, WeChatEngagementMenu>();

        services.AddScoped<WeChatMenuService>();
        services.AddScoped<WeChatMenuStep>();
        services.AddScoped<IRecipeStepHandler>(sp => sp.GetRequiredService<WeChatMenuStep>());
        services.AddScoped<IRecipeExportContributor>(sp => sp.GetRequiredService<WeChatMenuStep>());

        services.AddScoped<WeChatAutoReplyEditor>();

        services.AddScoped<WeChatInboxService>();
        services.AddScoped<ILedgerReactor, WeChatInboxReactor>();
    }

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        MenusAdminEndpoints.Map(endpoints);
        InboxAdminEndpoints.Map(endpoints);
        AutoRepliesAdminEndpoints.Map(endpoints);
    }
}
