using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Followers;
using Lianjie.Core.Http;
using Lianjie.Core.Security;
using Lianjie.Followers.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Followers.Api;

/// <summary>Integrators list, read, update, export and erase followers.</summary>
public static class FollowersEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/followers", "Followers");

        api.MapGet("/", async (HttpContext http, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "tag")] string[]? tag, string? openId, string? appId, string? q, bool? subscribed, int? skip, int? take, string? sort, FollowerList list, CancellationToken cancellationToken) =>
        {
            var masked = !await http.HasPermissionAsync(FollowersPermissions.ViewPersonalData);
            var filter = new FollowerFilter(Text: q, Tags: tag?.Where(t => !string.IsNullOrWhiteSpace(t)).ToList(), Subscribed: subscribed, AccountId: appId);
            var (items, total) = await list.ListAsync(new FollowerListQuery(filter, openId, FollowerList.ParseSort(sort), skip ?? 0, Math.Clamp(take ?? 50, 1, 500)), cancellationToken);
            return Results.Ok(new FollowerPage(items.Select(f => FollowerDto.From(f, masked)).ToList(), total));
        })
        .WithName("ListFollowers")
        .WithSummary("Followers matching every given filter: tag (repeatable, all must match), openId, appId, q (full text, Chinese aware), subscribed; skip/take paging (take ≤ 500); sort = lastSeen|newest|oldest|nickname|purchases.")
        .Produces<FollowerPage>();

        api.MapGet("/{id:long}", async (long id, HttpContext http, FollowerList list, CancellationToken cancellationToken) =>
        {
            var follower = await list.GetAsync(id, cancellationToken);
            if (follower is null || follower.ErasedUtc is not null)
            {
                return ApiEndpoints.NotFound($"No follower {id}.");
            }

            var masked = !await http.HasPermissionAsync(FollowersPermissions.ViewPersonalData);
            return Results.Ok(FollowerDto.From(follower, masked));
        })
        .WithName("GetFollower")
        .WithSummary("One follower.")
        .Produces<FollowerDto>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPatch("/{id:long}", async (long id, JsonObject? body, FollowerProfileEditor editor, AuditLog audit, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (body is null || body.Count == 0)
            {
                return ApiEndpoints.BadRequest("Send a JSON object of profile field → string (or null to remove the field).");
            }

            if (await editor.ValidateAsync(body, cancellationToken) is { } problem)
            {
                return ApiEndpoints.BadRequest(problem);
            }

            var follower = await editor.ApplyAsync(id, body, cancellationToken);
            if (follower is null)
            {
                return ApiEndpoints.NotFound($"No follower {id}.");
            }

            await audit.RecordAsync("followers.profile.update", Target(id), string.Join(", ", body.Select(p => p.Key)), cancellationToken: cancellationToken);
            return Results.Ok(FollowerDto.From(follower, masked: !await http.HasPermissionAsync(FollowersPermissions.ViewPersonalData)));
        })
        .WithName("UpdateFollowerProfile")
        .WithSummary("Sets profile fields: a JSON object of field → string, or null to remove. Field names must be fields of the FollowerProfile content type when it is defined (else any name ≤ 64 characters).")
        .Accepts<Dictionary<string, string?>>("application/json")
        .Produces<FollowerDto>()
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/{id:long}/export", async (long id, FollowerDataExport export, AuditLog audit, CancellationToken cancellationToken) =>
        {
            var data = await export.ExportAsync(id, cancellationToken);
            if (data is null)
            {
                return ApiEndpoints.NotFound($"No follower {id}.");
            }

            await audit.RecordAsync("followers.data.export", Target(id), "api", cancellationToken: cancellationToken);
            return Results.Json(data, statusCode: 200);
        })
        .WithName("ExportFollowerData")
        .WithSummary("Everything kept about a follower (PIPL access request): profile, tags, consents and the behaviour timeline. Audited.")
        .Produces<JsonObject>()
        .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapDelete("/{id:long}", async (long id, FollowerErasure erasure, AuditLog audit, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!await erasure.EraseAsync(id, "api:" + http.User.FindFirstValue(ClaimTypes.Name), cancellationToken))
            {
                return ApiEndpoints.NotFound($"No follower {id} (or it was already erased).");
            }

            await audit.RecordAsync("followers.erase", Target(id), "api", cancellationToken: cancellationToken);
            return Results.NoContent();
        })
        .WithName("EraseFollower")
        .WithSummary("Erases a follower's personal data (PIPL): profile, nickname, remark and unionid removed, openid replaced, consents kept, behaviour kept anonymised. A later subscribe by the same openid is a new follower. Audited.")
        .Produces(StatusCodes.Status204NoContent)
        .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static string Target(long id) => "follower:" + id.ToString(CultureInfo.InvariantCulture);
}
