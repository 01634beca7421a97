using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Tags.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Tags.Services;

/// <summary>The Core <see cref="ITagDictionary"/> contract: every tag with its group and colour.</summary>
public sealed class TagDictionaryListing(DbSession session) : ITagDictionary
{
    public async Task<IReadOnlyList<TagDictionaryEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rows = await (from t in db.Set<TagRecord>().AsNoTracking()
                          join g in db.Set<TagGroupRecord>() on t.GroupId equals g.Id into gs
                          from g in gs.DefaultIfEmpty()
                          select new { t.Id, t.Name, Group = g == null ? null : g.Name, t.Color }).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Group ?? string.Empty, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => new TagDictionaryEntry(r.Id, r.Name, r.Group, r.Color)).ToList();
    }
}
