using Lianjie.Core.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Core.Http;

public static class ApiEndpoints
{
    /// <summary>The scheme API keys authenticate with; cookies never reach the API.</summary>
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>A group under /api that needs a bearer API key holding <paramref name="permission"/>.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder endpoints, string prefix, string tag, Permission? permission = null)
    {
        var policy = new AuthorizationPolicyBuilder(ApiKeyScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new PermissionRequirement((permission ?? CorePermissions.AccessApi).Name))
            .Build();
        return endpoints.MapGroup(prefix)
            .RequireAuthorization(policy)
            .WithTags(tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    public static IResult NotFound(string what) =>
        Results.Problem(title: "Not found", detail: what, statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
