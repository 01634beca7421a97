using System.Security.Claims;
using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Services;
using Lianjie.Core.Audit;
using Lianjie.Core.Http;
using Lianjie.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Contents.Api;

/// <summary>Content items over HTTP in Orchard's content item JSON shape.</summary>
internal static class ContentApiEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapApiGroup("/api/content", "Content");

        group.MapGet("/", ListAsync)
            .WithName("ListContent")
            .WithSummary("Lists content items: published by default; status=latest or draft needs EditContent.")
            .Produces<ContentListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/{contentItemId}", GetAsync)
            .WithName("GetContent")
            .WithSummary("One content item: the published version, or the latest with status=latest (needs EditContent).")
            .Produces<JsonObject>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", CreateAsync)
            .WithName("CreateContent")
            .WithSummary("Creates an item from Orchard content item JSON. Saved as a draft unless \"Published\": true (needs PublishContent).")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{contentItemId}", UpdateAsync)
            .WithName("UpdateContent")
            .WithSummary("Saves a new version of an item. Saved as a draft unless \"Published\": true (needs PublishContent).")
            .Accepts<JsonObject>("application/json")
            .Produces<JsonObject>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ListAsync(HttpContext http, ContentManager contents, string? type, string? q, string? tag, string? status, int? skip, int? take)
    {
        if (ParseStatus(status) is not { } parsed)
        {
            return ApiEndpoints.BadRequest("status must be published, latest or draft.");
        }

        if (parsed != ContentStatus.Published && !await http.HasPermissionAsync(ContentsPermissions.EditContent))
        {
            return Results.Problem(title: "Forbidden", detail: "Drafts need the EditContent permission.", statusCode: StatusCodes.Status403Forbidden);
        }

        var page = await contents.ListAsync(new ContentQuery(type, q, tag, parsed, skip ?? 0, take ?? 20), http.RequestAborted);
        return Results.Ok(new ContentListResponse([.. page.Items.Select(i => i.ToJson())], page.Total));
    }

    private static async Task<IResult> GetAsync(HttpContext http, ContentManager contents, string contentItemId, string? status)
    {
        if (ParseStatus(status) is not { } parsed)
        {
            return ApiEndpoints.BadRequest("status must be published or latest.");
        }

        if (parsed != ContentStatus.Published && !await http.HasPermissionAsync(ContentsPermissions.EditContent))
        {
            return Results.Problem(title: "Forbidden", detail: "Drafts need the EditContent permission.", statusCode: StatusCodes.Status403Forbidden);
        }

        var item = await contents.GetAsync(contentItemId, parsed == ContentStatus.Published ? ContentStatus.Published : ContentStatus.Latest, http.RequestAborted);
        return item is null ? ApiEndpoints.NotFound($"No content item '{contentItemId}'.") : Results.Ok(item.ToJson());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, ContentManager contents, AuditLog audit, JsonObject body)
    {
        var item = ContentItem.FromJson(body);
        if (item.ContentItemId is { Length: > 0 } id && await contents.GetAsync(id, ContentStatus.Latest, http.RequestAborted) is not null)
        {
            return Results.Problem(title: "Conflict", detail: $"Content item '{id}' exists; use PUT to change it.", statusCode: StatusCodes.Status409Conflict);
        }

        if (!await ContentsPermissions.CanCreateAsync(http, item.ContentType))
        {
            return Forbidden("Creating needs the EditContent or EditOwnContent permission for this type.");
        }

        // Only "edit all" may create an item on someone else's behalf.
        if (!await ContentsPermissions.CanAsync(http, ContentsPermissions.EditContent, item.ContentType))
        {
            item.Owner = ContentsPermissions.CurrentUserName(http);
        }

        return await SaveAsync(http, contents, audit, item, created: true);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, ContentManager contents, AuditLog audit, string contentItemId, JsonObject body)
    {
        if (await contents.GetAsync(contentItemId, ContentStatus.Latest, http.RequestAborted) is not { } existing)
        {
            return ApiEndpoints.NotFound($"No content item '{contentItemId}'.");
        }

        if (!await ContentsPermissions.CanEditAsync(http, existing.ContentType, existing.Owner))
        {
            return Forbidden("Editing this item needs EditContent for its type, or EditOwnContent when you own it.");
        }

        var item = ContentItem.FromJson(body);
        item.ContentItemId = contentItemId;
        item.Owner = existing.Owner; // ownership does not move with an edit
        return await SaveAsync(http, contents, audit, item, created: false);
    }

    private static async Task<IResult> SaveAsync(HttpContext http, ContentManager contents, AuditLog audit, ContentItem item, bool created)
    {
        var publish = item.Data.GetBoolean("Published") == true;
        if (publish && !await ContentsPermissions.CanAsync(http, ContentsPermissions.PublishContent, item.ContentType))
        {
            return Forbidden("Publishing needs the PublishContent permission for this type.");
        }

        var result = await contents.SaveAsync(item, publish, http.User.FindFirstValue(ClaimTypes.Name), http.RequestAborted);
        if (!result.Succeeded)
        {
            return Results.ValidationProblem(result.Errors
                .GroupBy(e => string.IsNullOrEmpty(e.Field) ? e.Part : e.Part + "." + e.Field)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var saved = result.Item!;
        await audit.RecordAsync(publish ? "content.publish" : "content.save", saved.ContentItemId, $"api: {saved.ContentType} \"{saved.DisplayText}\"");
        return created
            ? Results.Created($"/api/content/{saved.ContentItemId}", saved.ToJson())
            : Results.Ok(saved.ToJson());
    }

    private static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    private static ContentStatus? ParseStatus(string? status) => status?.ToLowerInvariant() switch
    {
        null or "" or "published" => ContentStatus.Published,
        "latest" => ContentStatus.Latest,
        "draft" => ContentStatus.Draft,
        _ => null,
    };
}

/// <summary>A page of content items; <c>total</c> counts every match, not just this page.</summary>
public sealed record ContentListResponse(IReadOnlyList<JsonObject> Items, int Total);
