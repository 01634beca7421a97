using Lianjie.Core.Admin;
using Lianjie.Core.Data;
using Lianjie.Core.Http;
using Lianjie.Core.Modules;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Users.Admin;
using Lianjie.Users.Authentication;
using Lianjie.Users.Data;
using Lianjie.Users.Recipes;
using Lianjie.Users.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Users;

public sealed class Startup : ModuleStartup
{
    public const string PolicyScheme = "Lianjie";

    public override int Order => -1000;

    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<IEntityModelContributor, UsersModel>();
        services.AddSingleton<IDataMigration, UsersMigration>();
        services.AddSingleton<RolePermissionCache>();
        services.AddScoped<UserService>();
        services.AddScoped<IAdminAccountCreator>(sp => sp.GetRequiredService<UserService>());
        services.AddScoped<RoleService>();
        services.AddScoped<IRolePermissionSource>(sp => sp.GetRequiredService<RoleService>());
        services.AddScoped<ApiKeyService>();
        services.AddScoped<IApiKeyIssuer>(sp => sp.GetRequiredService<ApiKeyService>());
        services.AddScoped<IRecipeStepHandler, RolesStep>();
        services.AddScoped<IRecipeExportContributor, RolesStep>();
        services.AddSingleton<IPermissionProvider, UsersPermissions>();
        services.AddSingleton<IAdminMenuContributor, UsersMenu>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PolicyScheme;
                o.DefaultChallengeScheme = PolicyScheme;
            })
            .AddPolicyScheme(PolicyScheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    || context.Request.Path.StartsWithSegments("/api")
                        ? ApiEndpoints.ApiKeyScheme
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, o =>
            {
                o.Cookie.Name = "lj-auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/admin/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiEndpoints.ApiKeyScheme, null);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        LoginEndpoints.Map(endpoints);
        UsersAdminEndpoints.Map(endpoints);
    }
}

internal sealed class UsersPermissions : IPermissionProvider
{
    public static readonly Permission ManageUsers = new("ManageUsers", "Manage users, roles and API keys", "Security");

    public IEnumerable<Permission> GetPermissions() => [ManageUsers];
}

internal sealed class UsersMenu : IAdminMenuContributor
{
    public IEnumerable<AdminMenuItem> GetItems() =>
    [
        new("Users", "/admin/users", UsersPermissions.ManageUsers, 900, "Security"),
        new("Roles", "/admin/roles", UsersPermissions.ManageUsers, 910, "Security"),
        new("API keys", "/admin/apikeys", UsersPermissions.ManageUsers, 920, "Security"),
    ];
}
