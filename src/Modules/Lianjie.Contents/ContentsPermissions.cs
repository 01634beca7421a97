using Lianjie.Core.Security;
using Microsoft.AspNetCore.Http;

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

    /// <summary>
    /// The same permission limited to one content type, e.g. "PublishContent.Article". Granted to roles
    /// by name (Roles recipe step or the role editor); holding the general permission covers every type.
    /// </summary>
    public static Permission ForType(Permission permission, string contentType) =>
        new($"{permission.Name}.{contentType}", $"{permission.Description} ({contentType})", permission.Category);

    public static async Task<bool> CanAsync(HttpContext http, Permission permission, string? contentType) =>
        await http.HasPermissionAsync(permission)
        || (!string.IsNullOrEmpty(contentType) && await http.HasPermissionAsync(ForType(permission, contentType)));
}
