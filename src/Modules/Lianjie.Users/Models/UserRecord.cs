namespace Lianjie.Users.Models;

public sealed class UserRecord
{
    public long Id { get; set; }

    public string UserName { get; set; } = string.Empty;

    public string NormalizedUserName { get; set; } = string.Empty;

    public string? Email { get; set; }

    public string PasswordHash { get; set; } = string.Empty;

    public int AccessFailedCount { get; set; }

    public DateTime? LockoutEndUtc { get; set; }

    public bool IsEnabled { get; set; } = true;

    public DateTime CreatedUtc { get; set; }

    /// <summary>Role names, comma separated (a user has few roles).</summary>
    public string Roles { get; set; } = string.Empty;

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class RoleRecord
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string NormalizedName { get; set; } = string.Empty;

    public string? Description { get; set; }

    /// <summary>Permission names, one per line.</summary>
    public string Permissions { get; set; } = string.Empty;

    public IReadOnlyList<string> PermissionList => Permissions.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class ApiKeyRecord
{
    public long Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Prefix { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;

    public string Role { get; set; } = string.Empty;

    public string CreatedBy { get; set; } = string.Empty;

    public DateTime CreatedUtc { get; set; }

    public DateTime? RevokedUtc { get; set; }
}
