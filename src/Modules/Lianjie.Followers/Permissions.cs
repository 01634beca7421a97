using Lianjie.Core.Admin;
using Lianjie.Core.Security;

namespace Lianjie.Followers;

public sealed class FollowersPermissions : IPermissionProvider
{
    public static readonly Permission ViewFollowers = new("ViewFollowers", "View followers (personal data masked)", "Followers");
    public static readonly Permission ViewPersonalData = new("ViewPersonalData", "See followers' unmasked personal data (every read is audited)", "Followers");
    public static readonly Permission ManageFollowers = new("ManageFollowers", "Import, export, record consent, opt out and erase followers", "Followers");

    public IEnumerable<Permission> GetPermissions() => [ViewFollowers, ViewPersonalData, ManageFollowers];
}

internal sealed class FollowersMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("Followers", "/admin/followers", FollowersPermissions.ViewFollowers, 100, "CRM"),
        new("Import followers", "/admin/followers/import", FollowersPermissions.ManageFollowers, 110, "CRM"),
    ];
}
