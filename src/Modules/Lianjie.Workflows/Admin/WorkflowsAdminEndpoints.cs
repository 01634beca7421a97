using Microsoft.AspNetCore.Routing;

namespace Lianjie.Workflows.Admin;

internal static class WorkflowsAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
    }
}
