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
        group.MapGet("/", ListAsync).RequirePermission(ContentsPermissions.EditContent);
        group.MapPost("/bulk", BulkAsync).RequirePermission(ContentsPermissions.EditContent);
        group.MapPost("/{id}/publish", (HttpContext http, ContentManager contents, AuditLog audit, string id) => ActAsync(http, contents, audit, "publish", [id])).RequirePermission(ContentsPermissions.EditContent);
        group.MapPost("/{id}/unpublish", (HttpContext http, ContentManager contents, AuditLog audit, string id) => ActAsync(http, contents, audit, "unpublish", [id])).RequirePermission(ContentsPermissions.EditContent);
        group.MapPost("/{id}/delete", (HttpContext http, ContentManager contents, AuditLog audit, string id) => ActAsync(http, contents, audit, "delete", [id])).RequirePermission(ContentsPermissions.EditContent);
        group.MapGet("/{id}/history", HistoryAsync).RequirePermission(ContentsPermissions.EditContent);
        group.MapPost("/{id}/restore/{versionId}", RestoreAsync).RequirePermission(ContentsPermissions.EditContent);
        group.MapGet("/{id}/stats", StatsAsync).RequirePermission(ContentsPermissions.ViewContentStats);
    }

    private static async Task<IResult> ListAsync(PageRenderer pages, ContentManager contents, ContentDefinitionStore definitions, string? type, string? status, string? tag, string? q, string? sort, int? page)
    {
        var current = Math.Max(1, page ?? 1);
        var parsedStatus = status switch { "published" => ContentStatus.Published, "draft" => ContentStatus.Draft, _ => ContentStatus.Latest };
        var parsedSort = sort switch { "title" => ContentSort.Title, "published" => ContentSort.Published, _ => ContentSort.Modified };
        var result = await contents.ListAsync(new ContentQuery(type, q, tag, parsedStatus, (current - 1) * PageSize, PageSize, parsedSort, parsedSort != ContentSort.Title));
        var set = await definitions.LoadAsync();
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
        var permission = action switch
        {
            "publish" or "unpublish" => ContentsPermissions.PublishContent,
            "delete" => ContentsPermissions.DeleteContent,
            _ => null,
        };
        if (permission is null)
        {
            return Results.BadRequest();
        }

        foreach (var id in ids)
        {
            // Checked per item: a role may hold the permission for some content types only.
            var type = (await contents.GetAsync(id, ContentStatus.Latest))?.ContentType;
            if (!await ContentsPermissions.CanAsync(http, permission, type))
            {
                return Results.Redirect("/admin/denied");
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

    private static async Task<IResult> HistoryAsync(PageRenderer pages, ContentManager contents, string id)
    {
        var versions = await contents.GetVersionsAsync(id);
        if (versions.Count == 0)
        {
            return Results.NotFound();
        }

        return await pages.AdminAsync("History", "Content.History", new
        {
            ContentItemId = id,
            Title = versions.Last().DisplayText,
            Versions = versions.AsEnumerable().Reverse().Select(v => new { v.ContentItemVersionId, v.DisplayText, v.Latest, v.Published, v.ModifiedUtc, v.Author }).ToList(),
        });
    }

    private static async Task<IResult> RestoreAsync(ContentManager contents, AuditLog audit, string id, string versionId)
    {
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
            ReadRate = Math.Round(summary.ReadRate * 100, 1),
        });
    }
}
