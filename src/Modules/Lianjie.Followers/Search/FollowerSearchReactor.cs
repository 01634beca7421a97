using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Search;

/// <summary>
/// Keeps the follower search index fresh: every event queues the followers it touches (and an
/// import's "followers.imported" event the followers it wrote) for <see cref="FollowerIndexQueue"/>,
/// which rewrites their documents from their rows outside the reactor's transaction. An import's own
/// tag events are left out: the importer writes each follower's tags with its row, and the chunk's
/// "followers.imported" event, later in the same transaction, names every follower it wrote — indexing
/// them for their tag events too would write each imported document twice. That event is skipped in
/// turn when the importer in this process has queued the chunk itself.
/// </summary>
public sealed class FollowerSearchReactor(DbSession session, FollowerIndexAccessor indexes, FollowerIndexQueue queue) : ILedgerReactor
{
    public const string ReactorName = "followers.search";

    public string Name => ReactorName;

    /// <summary>Only ids are collected here, so a large batch is cheap and takes the write lock once.</summary>
    public int BatchSize => 10_000;

    public Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        if (indexes.TryGet() is null)
        {
            return Task.CompletedTask;
        }

        var ids = new HashSet<long>();
        foreach (var e in events)
        {
            if (IsImportTagChange(e))
            {
                continue;
            }

            if (e.FollowerId is { } id)
            {
                ids.Add(id);
            }

            if (e.Type == ImportedFollowersEvent.Type && !queue.TakeCovered(e.Position))
            {
                ids.UnionWith(ImportedFollowersEvent.FollowerIds(e.PayloadObject()));
            }
        }

        if (ids.Count > 0)
        {
            queue.Enqueue(ids, events[^1].Position);
        }

        return Task.CompletedTask;
    }

    internal static bool IsImportTagChange(BehaviourEvent e) =>
        e.Source == FollowerImporter.TagSource && e.Type is BehaviourEventTypes.TagAdded or BehaviourEventTypes.TagRemoved;

    /// <summary>Empties the index and re-indexes every follower row.</summary>
    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        var index = indexes.TryGet();
        if (index is null)
        {
            return;
        }

        queue.ClearCovered();
        index.DeleteAll();
        await ReindexAllAsync(session, index, cancellationToken);
    }

    internal static async Task ReindexAllAsync(DbSession session, Lianjie.Search.Index.FollowerSearchIndex index, CancellationToken cancellationToken)
    {
        long after = 0;
        var documents = new List<Lianjie.Search.Index.FollowerSearchDocument>();
        while (true)
        {
            await using var db = await session.CreateContextAsync(cancellationToken);
            var page = await db.Set<FollowerRecord>().AsNoTracking().Where(f => f.Id > after && f.ErasedUtc == null)
                .OrderBy(f => f.Id).Take(5000).ToListAsync(cancellationToken);
            documents.AddRange(page.Select(FollowerSearchDocuments.From));
            if (documents.Count >= FollowerIndexQueue.DocumentsPerWrite || (page.Count == 0 && documents.Count > 0))
            {
                await index.UpsertAsync(documents, cancellationToken); // one refresh per write: few, large ones
                documents = [];
            }

            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].Id;
        }

        index.Commit();
    }
}
