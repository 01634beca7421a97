using Lianjie.Core.Admin;
using Lianjie.Core.Security;

namespace Lianjie.Tags;

public sealed class TagsPermissions : IPermissionProvider
{
    public static readonly Permission ManageTags = new("ManageTags", "Manage tag groups and tags (create, rename, merge, delete)", "CRM");

    public static readonly Permission ApplyTags = new("ApplyTags", "Apply and remove followers' tags, one by one or in bulk", "CRM");

    public IEnumerable<Permission> GetPermissions() => [ManageTags, ApplyTags];
}

internal sealed class TagsMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("Tags", "/admin/tags", TagsPermissions.ManageTags, 210, "CRM"),
        new("Bulk tagging", "/admin/tags/jobs", TagsPermissions.ApplyTags, 220, "CRM"),
    ];
}
