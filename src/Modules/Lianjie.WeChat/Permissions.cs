using Lianjie.Core.Admin;
using Lianjie.Core.Security;

namespace Lianjie.WeChat;

public sealed class WeChatPermissions : IPermissionProvider
{
    public static readonly Permission ManageWeChatAccounts = new("ManageWeChatAccounts", "Manage WeChat accounts and their secrets", "WeChat");

    public IEnumerable<Permission> GetPermissions() => [ManageWeChatAccounts];
}

internal sealed class WeChatMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("WeChat accounts", "/admin/wechat/accounts", WeChatPermissions.ManageWeChatAccounts, 700, "WeChat"),
    ];
}
