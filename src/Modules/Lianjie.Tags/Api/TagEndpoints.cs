using Lianjie.Core.Followers;
using Lianjie.Core.Http;
using Lianjie.Tags.Services;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Tags.Api;

public sealed record ApiTag(string Name, string? Group, string? Color, string? Description, bool Sensitive, int? ExpiryDays, int Followers);

public sealed record ApiTagGroup(string Name, string? Description, bool Exclusive, int? MaxPerFollower, int Followers);

public sealed record ApiTagDictionary(IReadOnlyList<ApiTagGroup> Groups, IReadOnlyList<ApiTag> Tags);

public sealed record ApiCreateTag(string Name, string? Group = null, string? Color = null, string? Description = null, bool Sensitive = false, int? ExpiryDays = null);

public sealed record ApiApplyTag(string Tag);

public sealed record ApiTagChange(long FollowerId, string Tag, string Status);

internal static class TagEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var dictionary = endpoints.MapApiGroup("/api/tags", "Tags", TagsPermissions.ManageTags);
        dictionary.MapGet("/", async (TagDictionary tags, CancellationToken ct) =>
            {
                var groups = await tags.ListGroupsAsync(ct);
                var (items, _) = await tags.ListTagsAsync(null, null, "name", 0, int.MaxValue, ct);
                return Results.Ok(new ApiTagDictionary(
                    groups.Select(g => new ApiTagGroup(g.Name, g.Description, g.Exclusive, g.MaxPerFollower, g.Followers)).ToList(),
                    items.Select(t => new ApiTag(t.Name, t.Group, t.Color, t.Description, t.Sensitive, t.ExpiryDays, t.Followers)).ToList()));
            })
            .WithName("ListTags").WithSummary("Tag groups and tags, with follower counts").Produces<ApiTagDictionary>();

        dictionary.MapPost("/", async (ApiCreateTag body, TagDictionary tags, CancellationToken ct) =>
            {
                if (await tags.FindByNameAsync(body.Name ?? string.Empty, ct) is not null)
                {
                    return Results.Problem(title: "Conflict", detail: $"A tag named '{body.Name}' already exists.", statusCode: StatusCodes.Status409Conflict);
                }

                try
                {
                    var tag = await tags.UpsertTagAsync(new TagInput(body.Name ?? string.Empty, body.Group, body.Color, body.Description, body.Sensitive, body.ExpiryDays), cancellationToken: ct);
                    return Results.Created($"/api/tags/{Uri.EscapeDataString(tag.Name)}", new ApiTag(tag.Name, body.Group, tag.Color, tag.Description, tag.Sensitive, tag.ExpiryDays, 0));
                }
                catch (ArgumentException e)
                {
                    return ApiEndpoints.BadRequest(e.Message);
                }
            })
            .WithName("CreateTag").WithSummary("Creates a tag").Produces<ApiTag>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);

        var followers = endpoints.MapApiGroup("/api/followers", "Tags", TagsPermissions.ApplyTags);
        followers.MapPost("/{id:long}/tags", async (long id, ApiApplyTag body, IFollowerTagService tags, HttpContext http, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(body.Tag))
                {
                    return ApiEndpoints.BadRequest("Give the tag's name: { \"tag\": \"name\" }.");
                }

                try
                {
                    var change = await tags.AddAsync(id, body.Tag, Origin(http), ct);
                    var result = new ApiTagChange(id, change.Tag, change.Status.ToString());
                    return change.Status switch
                    {
                        TagChangeStatus.Applied => Results.Created($"/api/followers/{id}/tags/{Uri.EscapeDataString(change.Tag)}", result),
                        TagChangeStatus.AlreadyPresent => Results.Ok(result),
                        _ => Refused(change),
                    };
                }
                catch (KeyNotFoundException e)
                {
                    return ApiEndpoints.NotFound(e.Message);
                }
            })
            .WithName("ApplyFollowerTag").WithSummary("Applies a tag to a follower (201 applied, 200 already present, 409 refused)")
            .Produces<ApiTagChange>(StatusCodes.Status201Created).Produces<ApiTagChange>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        followers.MapDelete("/{id:long}/tags/{tag}", async (long id, string tag, IFollowerTagService tags, HttpContext http, CancellationToken ct) =>
            {
                var change = await tags.RemoveAsync(id, tag, Origin(http), ct);
                return change.Status switch
                {
                    TagChangeStatus.Removed => Results.Ok(new ApiTagChange(id, change.Tag, change.Status.ToString())),
                    TagChangeStatus.NotPresent => ApiEndpoints.NotFound($"Follower {id} does not hold '{change.Tag}'."),
                    _ => Refused(change),
                };
            })
            .WithName("RemoveFollowerTag").WithSummary("Removes a tag from a follower")
            .Produces<ApiTagChange>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static IResult Refused(TagChange change) => Results.Problem(
        title: change.Status switch
        {
            TagChangeStatus.RefusedNoConsent => "No consent",
            TagChangeStatus.RefusedLimit => "Tag limit reached",
            TagChangeStatus.UnknownTag => "Unknown tag",
            _ => "Refused",
        },
        detail: change.Message,
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["tagStatus"] = change.Status.ToString(), ["tag"] = change.Tag });

    private static TagChangeOrigin Origin(HttpContext http) => new("api", http.User.Identity?.Name);
}
