using Lianjie.Contents.Data;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Contents.Services;

/// <summary>Rows of "ContentItems" to and from ContentItem versions; no rules, only storage.</summary>
public sealed class ContentItemRepository(DbSession session)
{
    /// <summary>Compact, with Chinese kept as text: rows are read far more often than people read them.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions StorageJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task<List<ContentItem>> GetVersionsAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rows = await db.Set<ContentItemRecord>().AsNoTracking()
            .Where(r => r.ContentItemId == contentItemId)
            .OrderBy(r => r.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(ToItem)];
    }

    public async Task<ContentItem?> GetAsync(string contentItemId, ContentStatus status, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rows = db.Set<ContentItemRecord>().AsNoTracking().Where(r => r.ContentItemId == contentItemId);
        rows = status == ContentStatus.Published ? rows.Where(r => r.Published) : rows.Where(r => r.Latest);
        var row = await rows.FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToItem(row);
    }

    public async Task<ContentItem?> GetPublishedByPathAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var row = await db.Set<ContentItemRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Path == path && r.Published, cancellationToken);
        return row is null ? null : ToItem(row);
    }

    /// <summary>True when another item's latest or published version already uses the path.</summary>
    public async ValueTask<bool> PathTakenAsync(string path, string? exceptContentItemId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ContentItemRecord>().AnyAsync(
            r => r.Path == path && (r.Latest || r.Published) && r.ContentItemId != exceptContentItemId,
            cancellationToken);
    }

    public async Task<ContentPage> ListAsync(ContentQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rows = db.Set<ContentItemRecord>().AsNoTracking();
        rows = query.Status switch
        {
            ContentStatus.Published => rows.Where(r => r.Published),
            ContentStatus.Draft => rows.Where(r => r.Latest && !r.Published),
            _ => rows.Where(r => r.Latest),
        };
        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            rows = rows.Where(r => r.ContentType == query.Type);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            rows = rows.Where(r => r.DisplayText != null && r.DisplayText.Contains(text));
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var wrapped = "|" + query.Tag.Trim() + "|";
            rows = rows.Where(r => r.InterestTags != null && r.InterestTags.Contains(wrapped));
        }

        var total = await rows.CountAsync(cancellationToken);
        rows = (query.Sort, query.Descending) switch
        {
            (ContentSort.Title, false) => rows.OrderBy(r => r.DisplayText).ThenBy(r => r.Id),
            (ContentSort.Title, true) => rows.OrderByDescending(r => r.DisplayText).ThenByDescending(r => r.Id),
            (ContentSort.Published, false) => rows.OrderBy(r => r.PublishedUtc).ThenBy(r => r.Id),
            (ContentSort.Published, true) => rows.OrderByDescending(r => r.PublishedUtc).ThenByDescending(r => r.Id),
            (_, false) => rows.OrderBy(r => r.ModifiedUtc).ThenBy(r => r.Id),
            _ => rows.OrderByDescending(r => r.ModifiedUtc).ThenByDescending(r => r.Id),
        };
        var take = Math.Clamp(query.Take, 1, ContentQuery.MaxTake);
        var page = await rows.Skip(Math.Max(0, query.Skip)).Take(take).ToListAsync(cancellationToken);
        return new ContentPage([.. page.Select(ToItem)], total);
    }

    public async Task<IReadOnlyList<string>> DueForPublishingAsync(DateTime utcNow, int max, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ContentItemRecord>().AsNoTracking()
            .Where(r => r.Latest && !r.Published && r.ScheduledPublishUtc != null && r.ScheduledPublishUtc <= utcNow)
            .OrderBy(r => r.ScheduledPublishUtc)
            .Select(r => r.ContentItemId)
            .Take(max)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Writes every version (insert or update by version id) and deletes versions no longer in the list.</summary>
    public async Task SaveVersionsAsync(string contentItemId, IReadOnlyList<ContentItem> versions, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var existing = await db.Set<ContentItemRecord>().Where(r => r.ContentItemId == contentItemId).ToListAsync(cancellationToken);
        var keep = versions.Select(v => v.ContentItemVersionId).ToHashSet(StringComparer.Ordinal);
        db.Set<ContentItemRecord>().RemoveRange(existing.Where(r => !keep.Contains(r.ContentItemVersionId)));
        foreach (var version in versions)
        {
            var row = existing.FirstOrDefault(r => r.ContentItemVersionId == version.ContentItemVersionId);
            if (row is null)
            {
                row = new ContentItemRecord();
                db.Set<ContentItemRecord>().Add(row);
            }

            Fill(row, version);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<int> DeleteAsync(string contentItemId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<ContentItemRecord>().Where(r => r.ContentItemId == contentItemId).ExecuteDeleteAsync(cancellationToken);
    }

    public static ContentItem ToItem(ContentItemRecord row) => new(RecipeJson.ParseObject(row.Data));

    private static void Fill(ContentItemRecord row, ContentItem item)
    {
        var now = DateTime.UtcNow;
        row.ContentItemId = item.ContentItemId!;
        row.ContentItemVersionId = item.ContentItemVersionId!;
        row.ContentType = item.ContentType ?? string.Empty;
        row.DisplayText = Truncate(item.DisplayText, 500);
        row.Latest = item.Latest;
        row.Published = item.Published;
        row.Path = string.IsNullOrEmpty(item.AutoroutePath) ? null : Truncate(item.AutoroutePath, 300);
        row.Owner = Truncate(item.Owner, 100);
        row.CreatedUtc = item.CreatedUtc ?? now;
        row.ModifiedUtc = item.ModifiedUtc ?? now;
        row.PublishedUtc = item.PublishedUtc;
        row.ScheduledPublishUtc = item.ScheduledPublishUtc;
        row.InterestTags = item.InterestTags.Count == 0 ? null : "|" + string.Join('|', item.InterestTags) + "|";
        row.Data = item.Data.ToJsonString(StorageJson);
    }

    private static string? Truncate(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
