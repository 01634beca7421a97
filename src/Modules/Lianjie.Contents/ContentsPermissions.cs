using System.Security.Claims;
using Lianjie.Core.Security;
using Microsoft.AspNetCore.Http;

namespace Lianjie.Contents;

public sealed class ContentsPermissions : IPermissionProvider
{
    public static readonly Permission EditContent = new("EditContent", "Create and edit content (drafts)", "Content");
    public static readonly Permission EditOwnContent = new("EditOwnContent", "Create content and edit your own (drafts)", "Content");
    public static readonly Permission PublishContent = new("PublishContent", "Publish, unpublish and schedule content", "Content");
    public static readonly Permission DeleteContent = new("DeleteContent", "Delete content", "Content");
    public static readonly Permission DeleteOwnContent = new("DeleteOwnContent", "Delete your own content", "Content");
    public static readonly Permission ManageContentTypes = new("ManageContentTypes", "Edit content types, parts and fields", "Content");
    public static readonly Permission ViewContentStats = new("ViewContentStats", "See read and share statistics of content", "Content");

    /// <summary>The permissions that also exist once per content type, with the description used for the per-type one.</summary>
    public static readonly IReadOnlyList<(Permission Permission, string TypeDescription)> PerType =
    [
        (EditOwnContent, "Edit own items of this type"),
        (EditContent, "Edit all items of this type"),
        (PublishContent, "Publish items of this type"),
        (DeleteOwnContent, "Delete own items of this type"),
        (DeleteContent, "Delete all items of this type"),
    ];

    public IEnumerable<Permission> GetPermissions() => [EditContent, EditOwnContent, PublishContent, DeleteContent, DeleteOwnContent, ManageContentTypes, ViewContentStats];

    public IEnumerable<RoleStereotype> GetDefaultRoles() =>
    [
        new("Editor", [EditContent.Name, PublishContent.Name, DeleteContent.Name, ViewContentStats.Name]),
        new("Author", [EditOwnContent.Name, DeleteOwnContent.Name]),
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

    /// <summary>
    /// Edit access to one item: "edit all" for its type, or "edit own" when the current user owns it.
    /// An item without an owner (e.g. imported by a recipe) needs "edit all".
    /// </summary>
    public static Task<bool> CanEditAsync(HttpContext http, string? contentType, string? owner) =>
        CanOwnOrAllAsync(http, EditContent, EditOwnContent, contentType, owner);

    /// <summary>A new item is owned by whoever creates it, so "edit own" is enough.</summary>
    public static Task<bool> CanCreateAsync(HttpContext http, string? contentType) =>
        CanEditAsync(http, contentType, CurrentUserName(http));

    public static Task<bool> CanDeleteAsync(HttpContext http, string? contentType, string? owner) =>
        CanOwnOrAllAsync(http, DeleteContent, DeleteOwnContent, contentType, owner);

    /// <summary>Whether the user may edit some content at all (gates the list and the editor pages).</summary>
    public static async Task<bool> CanEditAnyAsync(HttpContext http, IEnumerable<string> contentTypes)
    {
        if (await http.HasPermissionAsync(EditContent) || await http.HasPermissionAsync(EditOwnContent))
        {
            return true;
        }

        foreach (var type in contentTypes)
        {
            if (await http.HasPermissionAsync(ForType(EditContent, type)) || await http.HasPermissionAsync(ForType(EditOwnContent, type)))
            {
                return true;
            }
        }

        return false;
    }

    public static string? CurrentUserName(HttpContext http) => http.User.FindFirstValue(ClaimTypes.Name);

    public static bool IsOwner(HttpContext http, string? owner) =>
        owner is not null && string.Equals(owner, CurrentUserName(http), StringComparison.Ordinal);

    private static async Task<bool> CanOwnOrAllAsync(HttpContext http, Permission all, Permission own, string? contentType, string? owner) =>
        await CanAsync(http, all, contentType)
        || (IsOwner(http, owner) && await CanAsync(http, own, contentType));
}
