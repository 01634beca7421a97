namespace Lianjie.Tags.Admin;

internal static class TagsAdminEndpoints
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
    }
}

internal static class FollowerTagsAdminEndpoints
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
    }
}

internal static class TagJobsAdminEndpoints
{
    public static void Map(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints)
    {
    }
}
