using Lianjie.Core.Data;
using Lianjie.Core.Settings;
using Lianjie.Core.Shells;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Core.Http;

/// <summary>Endpoints every shell has: health, the OpenAPI document and its reference page.</summary>
internal static class CoreEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", async (DbSession session, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var command = await session.CreateCommandAsync("SELECT 1", cancellationToken);
                await command.ExecuteScalarAsync(cancellationToken);
                return Results.Json(new { status = "Healthy" });
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                return Results.Json(new { status = "Unhealthy", error = e.Message }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }).AllowAnonymous().ExcludeFromDescription();

        endpoints.MapGet("/openapi/v1.json", async (ShellContextHolder holder, SiteSettingsStore settings) =>
            Results.Json(OpenApiDocumentWriter.Write(holder.Shell!, $"{(await settings.GetAsync()).SiteName} API"))).AllowAnonymous();

        endpoints.MapGet("/api-docs", () => Results.Content(ApiReferencePage, "text/html; charset=utf-8")).AllowAnonymous();
    }

    // Swagger UI comes from npm (served locally by the admin theme), never from a CDN.
    private const string ApiReferencePage = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Lianjie API</title>
        <link rel="stylesheet" href="/TheAdmin/lib/swagger-ui/swagger-ui.css"></head>
        <body><div id="swagger-ui"></div>
        <script src="/TheAdmin/lib/swagger-ui/swagger-ui-bundle.js"></script>
        <script src="/TheAdmin/js/api-docs.js"></script>
        </body></html>
        """;
}
