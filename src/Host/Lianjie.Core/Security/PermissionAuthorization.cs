using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Lianjie.Core.Security;

public sealed class PermissionRequirement(string permission) : IAuthorizationRequirement
{
    public string Permission { get; } = permission;
}

/// <summary>Resolves a role's granted permissions; the Users module implements it.</summary>
public interface IRolePermissionSource
{
    Task<IReadOnlySet<string>> GetPermissionsAsync(IEnumerable<string> roles, CancellationToken cancellationToken = default);
}

internal sealed class PermissionAuthorizationHandler(IEnumerable<IRolePermissionSource> sources) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var roles = context.User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (roles.Contains(CorePermissions.AdministratorRole, StringComparer.OrdinalIgnoreCase))
        {
            context.Succeed(requirement);
            return;
        }

        foreach (var source in sources)
        {
            var granted = await source.GetPermissionsAsync(roles);
            if (granted.Contains(requirement.Permission))
            {
                context.Succeed(requirement);
                return;
            }
        }
    }
}

public static class PermissionEndpointExtensions
{
    public static TBuilder RequirePermission<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder().AddRequirements(new PermissionRequirement(permission.Name)).Build());

    public static async Task<bool> HasPermissionAsync(this HttpContext context, Permission permission)
    {
        var authorization = (IAuthorizationService)context.RequestServices.GetService(typeof(IAuthorizationService))!;
        var result = await authorization.AuthorizeAsync(context.User, null, new PermissionRequirement(permission.Name));
        return result.Succeeded;
    }
}
