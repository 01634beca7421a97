using System.Text.Json;
using Lianjie.Contents.Services;
using Lianjie.Core.H5;
using Lianjie.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Lianjie.Contents.Tracking;

/// <summary>
/// POST /h5/beacon, sent by navigator.sendBeacon: { "t": page token, "k": "view" | "read" }.
/// No anti-forgery token (beacons cannot carry one); instead the signed page token must match the
/// visitor's own cookie, the body is small, and each visitor is rate-limited.
/// </summary>
internal static class BeaconEndpoint
{
    public const int MaxBodyBytes = 2048;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/h5/beacon", HandleAsync).WithMetadata(new ExemptFromAntiforgery()).ExcludeFromDescription();
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        IH5VisitorAccessor visitors,
        TrackingTokens tokens,
        BeaconRateLimiter limiter,
        ContentManager contents,
        ContentTracker tracker,
        ILogger<ContentTracker> logger)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var visitor = await visitors.GetAsync(http, http.RequestAborted);
        if (!limiter.TryAcquire(visitor.VisitorId))
        {
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        }

        if (await ReadBodyAsync(http) is not { } beacon)
        {
            return Results.BadRequest();
        }

        var grant = tokens.ReadPageToken(beacon.Token);
        if (grant is null || grant.VisitorId != visitor.VisitorId)
        {
            logger.LogWarning("Rejected a beacon with an invalid page token from visitor {Visitor}", visitor.VisitorId);
            return Results.BadRequest();
        }

        var item = await contents.GetAsync(grant.ContentItemId, ContentStatus.Published, http.RequestAborted);
        if (item is null)
        {
            return Results.NotFound();
        }

        await tracker.RecordAsync(visitor, item, beacon.Kind, grant.Sharer, http.RequestAborted);
        return Results.NoContent();
    }

    private static async Task<(string Token, BeaconKind Kind)?> ReadBodyAsync(HttpContext http)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var length = 0;
        int read;
        while ((read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted)) > 0)
        {
            length += read;
            if (length > MaxBodyBytes)
            {
                return null;
            }
        }

        try
        {
            using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
            var root = json.RootElement;
            var token = root.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var kind = root.TryGetProperty("k", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            return (token, kind) switch
            {
                ({ } tok, "view") => (tok, BeaconKind.View),
                ({ } tok, "read") => (tok, BeaconKind.Read),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
