using Lianjie.Core.Admin;
using Lianjie.Core.Security;

namespace Lianjie.WeChat.Engagement;

public sealed class WeChatEngagementPermissions : IPermissionProvider
{
    public static readonly Permission ManageWeChatMenus = new("ManageWeChatMenus", "Edit and publish WeChat menus and auto-replies", "WeChat");

    public static readonly Permission WeChatInbox = new("WeChatInbox", "Read and answer WeChat customer-service messages", "WeChat");

    public IEnumerable<Permission> GetPermissions() => [ManageWeChatMenus, WeChatInbox];
}

internal sealed class WeChatEngagementMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("WeChat inbox", "/admin/wechat/inbox", WeChatEngagementPermissions.WeChatInbox, 702, "WeChat"),
        new("WeChat menus", "/admin/wechat/menus", WeChatEngagementPermissions.ManageWeChatMenus, 704, "WeChat"),
        new("Auto-replies", "/admin/wechat/autoreplies", WeChatEngagementPermissions.ManageWeChatMenus, 706, "WeChat"),
    ];
}
