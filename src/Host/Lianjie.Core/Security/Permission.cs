namespace Lianjie.Core.Security;

/// <summary>Something a role can be granted. Modules declare theirs through <see cref="IPermissionProvider"/>.</summary>
public sealed record Permission(string Name, string Description, string Category);

public interface IPermissionProvider
{
    IEnumerable<Permission> GetPermissions();

    /// <summary>Default grants for built-in roles (e.g. "Editor").</summary>
    IEnumerable<RoleStereotype> GetDefaultRoles() => [];
}

/// <summary>
/// Permissions that depend on data (e.g. one per content type), listed by the role editor next to
/// the static ones. Scoped, so it may read the database.
/// </summary>
public interface IDynamicPermissionProvider
{
    Task<IEnumerable<Permission>> GetPermissionsAsync(CancellationToken cancellationToken = default);
}

public sealed record RoleStereotype(string RoleName, IReadOnlyList<string> Permissions);

public static class CorePermissions
{
    public const string AdministratorRole = "Administrator";

    public static readonly Permission AccessAdmin = new("AccessAdminPanel", "Access the admin", "Admin");
    public static readonly Permission ManageFeatures = new("ManageFeatures", "Enable and disable features", "Admin");
    public static readonly Permission ManageSettings = new("ManageSettings", "Change site settings", "Admin");
    public static readonly Permission ImportRecipes = new("ImportRecipes", "Import and export recipes", "Admin");
    public static readonly Permission ViewAudit = new("ViewAuditLog", "View the audit log", "Admin");
    public static readonly Permission AccessApi = new("AccessApi", "Use the HTTP API", "API");
}

internal sealed class CorePermissionProvider : IPermissionProvider
{
    public IEnumerable<Permission> GetPermissions() =>
    [
        CorePermissions.AccessAdmin,
        CorePermissions.ManageFeatures,
        CorePermissions.ManageSettings,
        CorePermissions.ImportRecipes,
        CorePermissions.ViewAudit,
        CorePermissions.AccessApi,
    ];
}
