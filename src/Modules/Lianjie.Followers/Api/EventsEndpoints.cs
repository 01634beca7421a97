using System.Security.Claims;
using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Http;
using Lianjie.Core.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Followers.Api;

/// <summary>Integrators post behaviour (e.g. purchases from a shop) and read a follower's timeline.</summary>
public static class EventsEndpoints
{
    public sealed record PostEventRequest(string? Type, string? OpenId, string? UnionId, string? AppId, string? Subject, JsonObject? Payload, string? DedupeKey, DateTimeOffset? OccurredAt);

    public sealed record EventDto(long Position, string Type, long? FollowerId, string? AppId, string? Subject, JsonObject? Payload, DateTime OccurredAt, DateTime RecordedAt, string Source, string DedupeKey);

    public sealed record EventPage(IReadOnlyList<EventDto> Items, int Total);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiGroup("/api/events", "Events");

        api.MapPost("/", async (PostEventRequest request, HttpContext http, IFollowerDirectory followers, IBehaviourLedger ledger, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(request.Type) || !BehaviourEventTypes.IsWellFormed(request.Type))
            {
                return ApiEndpoints.BadRequest("\"type\" is required: a lower-case dotted name such as \"commerce.purchase\".");
            }

            if (string.IsNullOrWhiteSpace(request.OpenId) && string.IsNullOrWhiteSpace(request.UnionId))
            {
                return ApiEndpoints.BadRequest("\"openId\" or \"unionId\" is required.");
            }

            if (request.Type == BehaviourEventTypes.CommercePurchase && request.Payload?["amount"] is null)
            {
                return ApiEndpoints.BadRequest("A commerce.purchase event needs payload.amount (and payload.currency).");
            }

            FollowerResolution? follower;
            try
            {
                // An event for an unknown openid creates the follower; a unionid alone must already be known.
                follower = await followers.ResolveAsync(new FollowerKey(request.AppId, request.OpenId, request.UnionId), createIfMissing: !string.IsNullOrWhiteSpace(request.OpenId), cancellationToken);
            }
            catch (ArgumentException e)
            {
                return ApiEndpoints.BadRequest(e.Message);
            }

            if (follower is null)
            {
                return ApiEndpoints.NotFound($"No follower with unionId '{request.UnionId}'.");
            }

            var key = string.IsNullOrWhiteSpace(request.DedupeKey) ? null : "api:" + request.DedupeKey;
            AppendResult result;
            try
            {
                result = await ledger.AppendAsync(
                    new BehaviourEventDraft(request.Type, follower.Follower.Id, request.Subject, request.Payload, request.OccurredAt?.UtcDateTime, "api:" + http.User.FindFirstValue(ClaimTypes.Name), key, follower.Follower.AccountId),
                    cancellationToken);
            }
            catch (ArgumentException e)
            {
                return ApiEndpoints.BadRequest(e.Message);
            }

            var dto = ToDto(result.Event);
            return result.Appended ? Results.Created($"/api/events?openId={Uri.EscapeDataString(follower.Follower.OpenId)}", dto) : Results.Ok(dto);
        })
        .WithName("PostEvent")
        .WithSummary("Appends a behaviour event for a follower (created when the openId is new). 201 when appended, 200 with the earlier event when the dedupe key was seen.")
        .Accepts<PostEventRequest>("application/json")
        .Produces<EventDto>(StatusCodes.Status201Created)
        .Produces<EventDto>()
        .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/", async (string? openId, string? unionId, string? appId, string? type, int? skip, int? take, IFollowerDirectory followers, IBehaviourLedger ledger, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(openId) && string.IsNullOrWhiteSpace(unionId))
            {
                return ApiEndpoints.BadRequest("\"openId\" or \"unionId\" is required.");
            }

            var follower = await followers.ResolveAsync(new FollowerKey(appId, openId, unionId), createIfMissing: false, cancellationToken);
            if (follower is null)
            {
                return ApiEndpoints.NotFound("No such follower.");
            }

            var (items, total) = await ledger.QueryAsync(new LedgerQuery(follower.Follower.Id, type, Skip: skip ?? 0, Take: Math.Clamp(take ?? 50, 1, 500)), cancellationToken);
            return Results.Ok(new EventPage(items.Select(ToDto).ToList(), total));
        })
        .WithName("ListEvents")
        .WithSummary("A follower's behaviour timeline, newest first.")
        .Produces<EventPage>();
    }

    public static EventDto ToDto(BehaviourEvent e) =>
        new(e.Position, e.Type, e.FollowerId, e.AccountId, e.Subject, e.Payload is null ? null : e.PayloadObject(), e.OccurredUtc, e.RecordedUtc, e.Source, e.DedupeKey);
}
