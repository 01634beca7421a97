using System.Collections.Concurrent;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Security;
using Lianjie.Users.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Users.Services;

/// <summary>Roles and their permissions, cached per shell and refreshed when a role changes.</summary>
public sealed class RoleService(DbSession session, AuditLog audit, RolePermissionCache cache) : IRolePermissionSource
{
    public async Task<IReadOnlyList<RoleRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<RoleRecord>().AsNoTracking().OrderBy(r => r.NormalizedName).ToListAsync(cancellationToken);
    }

    public async Task<RoleRecord?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var normalized = UserService.Normalize(name);
        return await db.Set<RoleRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.NormalizedName == normalized, cancellationToken);
    }

    /// <summary>Creates or updates a role by name (idempotent, as the Roles recipe step needs).</summary>
    public async Task<RoleRecord> UpsertAsync(string name, string? description, IEnumerable<string> permissions, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A role needs a name.");
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var normalized = UserService.Normalize(name);
        var role = await db.Set<RoleRecord>().FirstOrDefaultAsync(r => r.NormalizedName == normalized, cancellationToken);
        if (role is null)
        {
            role = new RoleRecord { Name = name.Trim(), NormalizedName = normalized };
            db.Add(role);
        }

        role.Description = description ?? role.Description;
        role.Permissions = string.Join("\n", permissions.Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
        await audit.RecordAsync("role.save", role.Name, role.Permissions.Replace('\n', ','), cancellationToken: cancellationToken);
        return role;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        if (string.Equals(name, CorePermissions.AdministratorRole, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("The Administrator role cannot be deleted.");
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        var normalized = UserService.Normalize(name);
        var role = await db.Set<RoleRecord>().FirstOrDefaultAsync(r => r.NormalizedName == normalized, cancellationToken);
        if (role is null)
        {
            return false;
        }

        db.Remove(role);
        await db.SaveChangesAsync(cancellationToken);
        cache.Clear();
        await audit.RecordAsync("role.delete", name, cancellationToken: cancellationToken);
        return true;
    }

    public async Task<IReadOnlySet<string>> GetPermissionsAsync(IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            if (!cache.TryGet(role, out var permissions))
            {
                var record = await FindAsync(role, cancellationToken);
                permissions = record?.PermissionList.ToHashSet(StringComparer.Ordinal) ?? [];
                cache.Set(role, permissions);
            }

            result.UnionWith(permissions);
        }

        return result;
    }
}

public sealed class RolePermissionCache
{
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _byRole = new(StringComparer.OrdinalIgnoreCase);

    public bool TryGet(string role, out IReadOnlySet<string> permissions) => _byRole.TryGetValue(role, out permissions!);

    public void Set(string role, IReadOnlySet<string> permissions) => _byRole[role] = permissions;

    public void Clear() => _byRole.Clear();
}
