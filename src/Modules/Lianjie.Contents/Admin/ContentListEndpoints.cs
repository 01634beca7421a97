using Lianjie.Contents.Services;
using Lianjie.Contents.Tracking;
using Lianjie.Core.Audit;
using Lianjie.Core.Security;
using Lianjie.Core.Templates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Lianjie.Contents.Admin;

/// <summary>/admin/content: the filtered list, bulk and per-item status actions, history and stats.</summary>
internal static class ContentListEndpoints
{
    private const int PageSize = 20;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/admin/content").ExcludeFromDescription();
        // Content permissions may be granted per type and per owner, so these check them per item.
        var access = CorePermissions.AccessAdmin;
        group.MapGet("/", ListAsync).RequirePermission(access);
        group.MapPost("/bulk", BulkAsync).RequirePermission(access);
        group.MapPost("/{id}/publish", (HttpContext http, ContentManager contents, AuditLog audit, string id) => ActAsync(http, contents, audit, "publish", [id])).RequirePermission(access);
        group.MapPost("/{id}/unpublish", (HttpContext http, ContentManager contents, AuditLog audit, string id) => ActAsync(http, contents, audit, "unpublish", [id])).RequirePermission(access);
        group.MapPost("/{id}/delete", (HttpContext http, ContentManager contents, AuditLog audit, string id) => ActAsync(http, contents, audit, "delete", [id])).RequirePermission(access);
        group.MapGet("/{id}/history", HistoryAsync).RequirePermission(access);
        group.MapPost("/{id}/restore/{versionId}", RestoreAsync).RequirePermission(access);
        group.MapGet("/{id}/stats", StatsAsync).RequirePermission(ContentsPermissions.ViewContentStats);
    }

    private static async Task<IResult> ListAsync(HttpContext http, PageRenderer pages, ContentManager contents, ContentDefinitionStore definitions, string? type, string? status, string? tag, string? q, string? sort, int? page)
    {
        var set = await definitions.LoadAsync();
        if (!await ContentsPermissions.CanEditAnyAsync(http, set.Types.Select(t => t.Name)))
        {
            return ContentEditorEndpoints.Denied();
        }

        var current = Math.Max(1, page ?? 1);
        var parsedStatus = status switch { "published" => ContentStatus.Published, "draft" => ContentStatus.Draft, _ => ContentStatus.Latest };
        var parsedSort = sort switch { "title" => ContentSort.Title, "published" => ContentSort.Published, _ => ContentSort.Modified };
        var result = await contents.ListAsync(new ContentQuery(type, q, tag, parsedStatus, (current - 1) * PageSize, PageSize, parsedSort, parsedSort != ContentSort.Title));
        return await pages.AdminAsync("Content", "Content.List", new
        {
            Items = result.Items.Select(i => new
            {
                i.ContentItemId,
                Title = string.IsNullOrWhiteSpace(i.DisplayText) ? i.ContentItemId : i.DisplayText,
                Type = set.GetTypeDefinition(i.ContentType ?? string.Empty)?.DisplayName ?? i.ContentType,
                i.Published,
                i.ModifiedUtc,
                i.ScheduledPublishUtc,
                Tags = string.Join("、", i.InterestTags),
                Url = i.AutoroutePath is null ? null : H5.ContentPages.UrlOf(i),
            }).ToList(),
            Types = set.Types.Select(t => new { t.Name, DisplayName = t.DisplayName ?? t.Name, t.TypeSettings.Creatable }).ToList(),
            Total = result.Total,
            Page = current,
            Pages = Math.Max(1, (result.Total + PageSize - 1) / PageSize),
            Type = type,
            Status = status,
            Tag = tag,
            Q = q,
            Sort = sort,
        });
    }

    private static async Task<IResult> BulkAsync(HttpContext http, ContentManager contents, AuditLog audit)
    {
        var form = await http.Request.ReadFormAsync();
        var ids = form["ids"].OfType<string>().Where(i => i.Length > 0).Distinct().Take(200).ToList();
        return await ActAsync(http, contents, audit, form["action"].ToString(), ids);
    }

    /// <summary>Status changes and deletes, each permission-checked and audited.</summary>
    private static async Task<IResult> ActAsync(HttpContext http, ContentManager contents, AuditLog audit, string action, IReadOnlyList<string> ids)
    {
        if (action is not ("publish" or "unpublish" or "delete"))
        {
            return Results.BadRequest();
        }

        foreach (var id in ids)
        {
            // Checked per item: a role may hold the permission for some content types, or own items, only.
            var item = await contents.GetAsync(id, ContentStatus.Latest);
            var allowed = action == "delete"
                ? await ContentsPermissions.CanDeleteAsync(http, item?.ContentType, item?.Owner)
                : await ContentsPermissions.CanAsync(http, ContentsPermissions.PublishContent, item?.ContentType);
            if (!allowed)
            {
                return ContentEditorEndpoints.Denied();
            }
        }

        foreach (var id in ids)
        {
            var changed = action switch
            {
                "publish" => await contents.PublishAsync(id) is not null,
                "unpublish" => await contents.UnpublishAsync(id) is not null,
                _ => await contents.DeleteAsync(id),
            };
            if (changed)
            {
                await audit.RecordAsync("content." + action, id);
            }
        }

        var back = http.Request.Headers.Referer.ToString();
        return Results.Redirect(Uri.TryCreate(back, UriKind.Absolute, out var uri) && uri.AbsolutePath.StartsWith("/admin/content", StringComparison.Ordinal) ? uri.PathAndQuery : "/admin/content");
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, PageRenderer pages, ContentManager contents, string id)
    {
        var versions = await contents.GetVersionsAsync(id);
        if (versions.Count == 0)
        {
            return Results.NotFound();
        }

        if (!await ContentsPermissions.CanEditAsync(http, versions[0].ContentType, versions[0].Owner))
        {
            return ContentEditorEndpoints.Denied();
        }

        return await pages.AdminAsync("History", "Content.History", new
        {
            ContentItemId = id,
            Title = versions.Last().DisplayText,
            Versions = versions.AsEnumerable().Reverse().Select(v => new { v.ContentItemVersionId, v.DisplayText, v.Latest, v.Published, v.ModifiedUtc, v.Author }).ToList(),
        });
    }

    private static async Task<IResult> RestoreAsync(HttpContext http, ContentManager contents, AuditLog audit, string id, string versionId)
    {
        if (await contents.GetAsync(id, ContentStatus.Latest) is { } current && !await ContentsPermissions.CanEditAsync(http, current.ContentType, current.Owner))
        {
            return ContentEditorEndpoints.Denied();
        }

        if (await contents.RestoreAsync(id, versionId) is null)
        {
            return Results.NotFound();
        }

        await audit.RecordAsync("content.restore", id, versionId);
        return Results.Redirect($"/admin/content/{id}/edit");
    }

    private static async Task<IResult> StatsAsync(PageRenderer pages, ContentManager contents, ContentStats stats, string id)
    {
        var item = await contents.GetAsync(id, ContentStatus.Latest);
        if (item is null)
        {
            return Results.NotFound();
        }

        var summary = await stats.GetAsync(id);
        return await pages.AdminAsync("Statistics", "Content.Stats", new
        {
            item.ContentItemId,
            Title = item.DisplayText,
            summary.Views,
            summary.Reads,
            summary.ShareOpens,
            summary.NewFollows,
            ReadRate = Math.Round(summary.ReadRate * 100, 1),
        });
    }
}
