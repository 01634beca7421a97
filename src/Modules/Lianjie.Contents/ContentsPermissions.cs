using Lianjie.Core.Security;

namespace Lianjie.Contents;

public sealed class ContentsPermissions : IPermissionProvider
{
    public static readonly Permission EditContent = new("EditContent", "Create and edit content (drafts)", "Content");
    public static readonly Permission PublishContent = new("PublishContent", "Publish, unpublish and schedule content", "Content");
    public static readonly Permission DeleteContent = new("DeleteContent", "Delete content", "Content");
    public static readonly Permission ManageContentTypes = new("ManageContentTypes", "Edit content types, parts and fields", "Content");
    public static readonly Permission ViewContentStats = new("ViewContentStats", "See read and share statistics of content", "Content");

    public IEnumerable<Permission> GetPermissions() => [EditContent, PublishContent, DeleteContent, ManageContentTypes, ViewContentStats];

    public IEnumerable<RoleStereotype> GetDefaultRoles() =>
    [
        new("Editor", [EditContent.Name, PublishContent.Name, DeleteContent.Name, ViewContentStats.Name]),
        new("Author", [EditContent.Name]),
    ];
}
