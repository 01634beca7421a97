using System.Security.Claims;
using Lianjie.Core.Http;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Lianjie.Users.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Users.Admin;

internal static class UsersAdminEndpoints
{
    private const int PageSize = 20;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/admin").RequirePermission(UsersPermissions.ManageUsers).ExcludeFromDescription();

        admin.MapGet("/users", async (PageRenderer pages, UserService users, RoleService roles, string? q, string? sort, int? page, string? message) =>
        {
            var current = Math.Max(1, page ?? 1);
            var (items, total) = await users.ListAsync(q, sort, (current - 1) * PageSize, PageSize);
            return await pages.AdminAsync("Users", "Users.Index", new
            {
                Items = items,
                Total = total,
                Query = q,
                Sort = sort,
                Page = current,
                Pages = Math.Max(1, (total + PageSize - 1) / PageSize),
                Roles = (await roles.ListAsync()).Select(r => r.Name).Prepend(CorePermissions.AdministratorRole).Distinct().ToList(),
                Message = message,
            });
        });

        admin.MapPost("/users", async (HttpContext http, UserService users) =>
        {
            var form = await http.Request.ReadFormAsync();
            try
            {
                await users.CreateAsync(form["userName"].ToString(), form["password"].ToString(), NullIfEmpty(form["email"]), form["roles"].Where(r => !string.IsNullOrEmpty(r)).Select(r => r!));
                return Results.Redirect("/admin/users?message=created");
            }
            catch (ArgumentException e)
            {
                return Results.Redirect($"/admin/users?message={Uri.EscapeDataString(e.Message)}");
            }
        });

        admin.MapPost("/users/{id:long}/roles", async (long id, HttpContext http, UserService users) =>
        {
            var form = await http.Request.ReadFormAsync();
            await users.SetRolesAsync(id, form["roles"].Where(r => !string.IsNullOrEmpty(r)).Select(r => r!));
            return Results.Redirect("/admin/users?message=saved");
        });

        admin.MapGet("/roles", async (PageRenderer pages, RoleService roles, IEnumerable<IPermissionProvider> providers, IEnumerable<IDynamicPermissionProvider> dynamicProviders, string? edit, string? message) =>
        {
            var dynamicPermissions = new List<Permission>();
            foreach (var provider in dynamicProviders)
            {
                dynamicPermissions.AddRange(await provider.GetPermissionsAsync());
            }

            var all = await roles.ListAsync();
            var editing = edit is null ? null : all.FirstOrDefault(r => string.Equals(r.Name, edit, StringComparison.OrdinalIgnoreCase));
            var granted = editing?.PermissionList.ToHashSet(StringComparer.Ordinal) ?? [];
            var permissions = providers.SelectMany(p => p.GetPermissions()).Concat(dynamicPermissions)
                .DistinctBy(p => p.Name)
                .OrderBy(p => p.Category, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => new { p.Name, p.Description, p.Category, Granted = granted.Contains(p.Name) })
                .ToList();
            return await pages.AdminAsync("Roles", "Roles.Index", new { Items = all, Editing = editing, Permissions = permissions, Message = message });
        });

        admin.MapPost("/roles", async (HttpContext http, RoleService roles) =>
        {
            var form = await http.Request.ReadFormAsync();
            try
            {
                var role = await roles.UpsertAsync(form["name"].ToString(), NullIfEmpty(form["description"]), form["permissions"].Select(p => p ?? string.Empty));
                return Results.Redirect($"/admin/roles?edit={Uri.EscapeDataString(role.Name)}&message=saved");
            }
            catch (ArgumentException e)
            {
                return Results.Redirect($"/admin/roles?message={Uri.EscapeDataString(e.Message)}");
            }
        });

        admin.MapPost("/roles/delete", async (HttpContext http, RoleService roles) =>
        {
            var form = await http.Request.ReadFormAsync();
            try
            {
                await roles.DeleteAsync(form["name"].ToString());
                return Results.Redirect("/admin/roles?message=deleted");
            }
            catch (ArgumentException e)
            {
                return Results.Redirect($"/admin/roles?message={Uri.EscapeDataString(e.Message)}");
            }
        });

        admin.MapGet("/apikeys", async (PageRenderer pages, ApiKeyService keys, RoleService roles) =>
            await pages.AdminAsync("API keys", "ApiKeys.Index", new
            {
                Items = await keys.ListAsync(),
                Roles = (await roles.ListAsync()).Select(r => r.Name).Prepend(CorePermissions.AdministratorRole).Distinct().ToList(),
                NewKey = (string?)null,
            }));

        admin.MapPost("/apikeys", async (HttpContext http, PageRenderer pages, ApiKeyService keys, RoleService roles) =>
        {
            var form = await http.Request.ReadFormAsync();
            var issued = await keys.CreateAsync(form["name"].ToString(), form["role"].ToString(), http.User.FindFirstValue(ClaimTypes.Name) ?? "admin");
            // Shown once, in this response only.
            return await pages.AdminAsync("API keys", "ApiKeys.Index", new
            {
                Items = await keys.ListAsync(),
                Roles = (await roles.ListAsync()).Select(r => r.Name).Prepend(CorePermissions.AdministratorRole).Distinct().ToList(),
                NewKey = issued.Key,
            });
        });

        admin.MapPost("/apikeys/{id:long}/revoke", async (long id, ApiKeyService keys) =>
        {
            await keys.RevokeAsync(id);
            return Results.Redirect("/admin/apikeys");
        });
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.ToString();
}
