using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Followers.Models;
using Lianjie.Followers.Search;
using Lianjie.Search.Index;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Services;

/// <summary>How a follower list is ordered.</summary>
public enum FollowerSort
{
    LastSeenDesc,
    FirstSeenDesc,
    FirstSeenAsc,
    Nickname,
    Purchases,
}

public sealed record FollowerListQuery(FollowerFilter Filter, string? OpenId = null, FollowerSort Sort = FollowerSort.LastSeenDesc, int Skip = 0, int Take = 50);

/// <summary>
/// Lists followers for the admin, the API and exports. Free text goes to the Lucene index (CJK
/// aware); without it, or when the index is unavailable, the SQL filter does the work.
/// </summary>
public sealed class FollowerList(DbSession session, FollowerIndexAccessor indexes)
{
    /// <summary>With SQL-only filters besides the text, the index narrows to at most this many ids first.</summary>
    public const int MaxTextCandidates = FollowerSearchIndex.MaxTake;

    public async Task<(IReadOnlyList<FollowerRecord> Items, int Total)> ListAsync(FollowerListQuery query, CancellationToken cancellationToken = default)
    {
        var take = Math.Clamp(query.Take, 0, 500);
        var skip = Math.Max(0, query.Skip);
        await using var db = await session.CreateContextAsync(cancellationToken);
        var text = query.Filter.Text?.Trim();
        var index = string.IsNullOrEmpty(text) ? null : indexes.TryGet();
        if (index is not null)
        {
            // The index orders by last activity itself; for any other order, or filters only SQL knows,
            // it hands over its best candidates and SQL filters, orders and pages those.
            var onlyIndexFilters = query.Sort == FollowerSort.LastSeenDesc && query.OpenId is null && query.Filter.Source is null && query.Filter.ActiveSinceUtc is null && query.Filter.AccountId is null;
            var search = new FollowerSearchQuery
            {
                Text = text,
                Tags = query.Filter.Tags ?? [],
                Subscribed = query.Filter.Subscribed,
                Skip = onlyIndexFilters ? skip : 0,
                Take = onlyIndexFilters ? Math.Min(take, FollowerSearchIndex.MaxTake) : MaxTextCandidates,
                Sort = query.Sort == FollowerSort.LastSeenDesc ? FollowerSearchSort.LastActiveDescending : FollowerSearchSort.Relevance,
            };
            var hits = index.Search(search);
            var ids = hits.FollowerIds.ToList();
            var matched = db.Set<FollowerRecord>().AsNoTracking().Where(f => ids.Contains(f.Id) && f.ErasedUtc == null);
            if (onlyIndexFilters)
            {
                var byId = await matched.ToDictionaryAsync(r => r.Id, cancellationToken);
                return (ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList(), hits.Total);
            }

            // Ordered by the database, so a sort compares names the same way with or without a search word.
            var narrowed = Filtered(matched, query with { Filter = query.Filter with { Text = null } });
            var count = await narrowed.CountAsync(cancellationToken);
            return (await Sorted(narrowed, query.Sort).Skip(skip).Take(take).ToListAsync(cancellationToken), count);
        }

        var sql = Filtered(db.Set<FollowerRecord>().AsNoTracking(), query);
        var total = await sql.CountAsync(cancellationToken);
        var items = await Sorted(sql, query.Sort).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return (items, total);
    }

    /// <summary>Every follower of the filter in id order, for exports (streamed page by page).</summary>
    public async IAsyncEnumerable<FollowerRecord> StreamAsync(FollowerListQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrWhiteSpace(query.Filter.Text) && indexes.TryGet() is not null)
        {
            var (items, _) = await ListAsync(query with { Skip = 0, Take = MaxTextCandidates }, cancellationToken);
            foreach (var item in items)
            {
                yield return item;
            }

            yield break;
        }

        long after = 0;
        while (true)
        {
            List<FollowerRecord> page;
            await using (var db = await session.CreateContextAsync(cancellationToken))
            {
                page = await Filtered(db.Set<FollowerRecord>().AsNoTracking(), query).Where(f => f.Id > after).OrderBy(f => f.Id).Take(2000).ToListAsync(cancellationToken);
            }

            foreach (var item in page)
            {
                yield return item;
            }

            if (page.Count < 2000)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    public async Task<FollowerRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<FollowerRecord>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);
    }

    private static IQueryable<FollowerRecord> Filtered(IQueryable<FollowerRecord> rows, FollowerListQuery query)
    {
        rows = FollowerQueries.Apply(rows, query.Filter);
        return string.IsNullOrWhiteSpace(query.OpenId) ? rows : rows.Where(f => f.OpenId == query.OpenId);
    }

    private static IQueryable<FollowerRecord> Sorted(IQueryable<FollowerRecord> rows, FollowerSort sort) => sort switch
    {
        FollowerSort.FirstSeenDesc => rows.OrderByDescending(f => f.FirstSeenUtc).ThenByDescending(f => f.Id),
        FollowerSort.FirstSeenAsc => rows.OrderBy(f => f.FirstSeenUtc).ThenBy(f => f.Id),
        FollowerSort.Nickname => rows.OrderBy(f => f.Nickname).ThenBy(f => f.Id),
        FollowerSort.Purchases => rows.OrderByDescending(f => f.PurchaseAmount).ThenBy(f => f.Id),
        _ => rows.OrderByDescending(f => f.LastSeenUtc).ThenByDescending(f => f.Id),
    };

    public static FollowerSort ParseSort(string? sort) => sort?.ToLowerInvariant() switch
    {
        "firstseen" or "newest" => FollowerSort.FirstSeenDesc,
        "oldest" => FollowerSort.FirstSeenAsc,
        "nickname" or "name" => FollowerSort.Nickname,
        "purchases" => FollowerSort.Purchases,
        _ => FollowerSort.LastSeenDesc,
    };
}
