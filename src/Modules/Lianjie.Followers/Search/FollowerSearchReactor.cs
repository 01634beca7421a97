using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Models;
using Lianjie.Followers.Reactors;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Search;

/// <summary>
/// Keeps the follower search index fresh: every event re-indexes the followers it touches, read from
/// their rows. Index writes are idempotent (upsert by id), so a replayed batch does no harm.
/// </summary>
public sealed class FollowerSearchReactor(DbSession session, FollowerIndexAccessor indexes) : ILedgerReactor
{
    public const string ReactorName = "followers.search";

    public string Name => ReactorName;

    /// <summary>Larger batches mean fewer checkpoint commits while bulk tagging; Lucene upserts are cheap per document.</summary>
    public int BatchSize => 2000;

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var index = indexes.TryGet();
        var ids = events.Where(e => e.FollowerId is not null).Select(e => e.FollowerId!.Value).Distinct().ToList();
        if (index is null || ids.Count == 0)
        {
            return;
        }

        // The projection reactor runs independently: apply what it has not yet seen to a copy, so
        // tags and last-seen are current in the index. Re-applying is harmless for indexed fields.
        var projected = await LedgerCheckpoints.GetAsync(session, FollowerProjectionReactor.ReactorName, cancellationToken);
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rows = new Dictionary<long, FollowerRecord>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Set<FollowerRecord>().AsNoTracking().Where(f => chunk.Contains(f.Id)).ToListAsync(cancellationToken))
            {
                rows[row.Id] = row;
            }
        }

        foreach (var e in events.Where(e => e.Position > projected))
        {
            if (e.FollowerId is { } id && rows.TryGetValue(id, out var row))
            {
                FollowerProjectionReactor.Apply(row, e, rows);
            }
        }

        foreach (var id in ids.Where(id => !rows.TryGetValue(id, out var row) || row.ErasedUtc is not null))
        {
            index.Delete(id);
        }

        await index.UpsertAsync(rows.Values.Where(r => r.ErasedUtc is null).Select(FollowerSearchDocuments.From).ToList(), cancellationToken);
    }

    /// <summary>Empties the index and re-indexes every follower row (imported followers have no events).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        var index = indexes.TryGet();
        if (index is null)
        {
            return;
        }

        index.DeleteAll();
        await ReindexAllAsync(session, index, cancellationToken);
    }

    internal static async Task ReindexAllAsync(DbSession session, Lianjie.Search.Index.FollowerSearchIndex index, CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            await using var db = await session.CreateContextAsync(cancellationToken);
            var page = await db.Set<FollowerRecord>().AsNoTracking().Where(f => f.Id > after && f.ErasedUtc == null)
                .OrderBy(f => f.Id).Take(5000).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            await index.UpsertAsync(page.Select(FollowerSearchDocuments.From).ToList(), cancellationToken);
            after = page[^1].Id;
        }

        index.Commit();
    }
}
