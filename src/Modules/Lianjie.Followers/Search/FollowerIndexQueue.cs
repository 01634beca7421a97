using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Core.Shells;
using Lianjie.Followers.Models;
using Lianjie.Followers.Reactors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Followers.Search;

/// <summary>
/// Followers whose search documents must be rewritten. The search reactor only records ids here, so
/// its batches hold the database's write lock (SQLite has one) for a moment instead of for the Lucene
/// work; <see cref="FollowerIndexQueueWorker"/> rewrites the documents outside any transaction, once
/// the projection reactor has applied the same events (so tags and last-seen are current).
/// Like uncommitted Lucene changes, pending ids live in memory: a crash loses both, and a rebuild of
/// "followers.search" restores the index from the table.
/// </summary>
public sealed class FollowerIndexQueue(IServiceProvider services, FollowerIndexAccessor indexes, ILogger<FollowerIndexQueue> logger)
{
    private const int DocumentsPerRead = 2000;

    /// <summary>
    /// Documents per index write. Each write ends with a near-real-time refresh (a new segment, its
    /// deletes applied, merges later); after bulk tagging, refreshing every 2,000 documents cost
    /// 2.4x the CPU of refreshing every 20,000 (100,000 updates: 6.3–6.9 s against 2.8 s).
    /// </summary>
    internal const int DocumentsPerWrite = 20_000;
    private static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _drainGate = new(1, 1);
    private readonly SemaphoreSlim _signal = new(0);
    private const int MaxCovered = 10_000;
    private readonly HashSet<long> _covered = [];
    private HashSet<long> _pending = [];
    private long _upToPosition;

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>
    /// Marks the "followers.imported" event at <paramref name="position"/> as handled by this process: the
    /// importer queues its followers itself once their chunk commits, so the search reactor skips the event.
    /// Marks live in memory only: after a restart, a rebuild, or from another process the event is indexed.
    /// </summary>
    public void Cover(long position)
    {
        lock (_gate)
        {
            if (_covered.Count >= MaxCovered)
            {
                _covered.Clear(); // indexing a chunk twice is harmless; an unbounded set is not
            }

            _covered.Add(position);
        }
    }

    /// <summary>Drops a mark whose transaction rolled back.</summary>
    public void Uncover(long? position)
    {
        if (position is { } p)
        {
            lock (_gate)
            {
                _covered.Remove(p);
            }
        }
    }

    /// <summary>True (once) when the importer of this process queues the event's followers itself.</summary>
    internal bool TakeCovered(long position)
    {
        lock (_gate)
        {
            return _covered.Remove(position);
        }
    }

    /// <summary>Forgets every mark: after a reset the events are indexed again when replayed.</summary>
    internal void ClearCovered()
    {
        lock (_gate)
        {
            _covered.Clear();
        }
    }

    /// <summary>Queues followers touched by ledger events up to <paramref name="upToPosition"/>.</summary>
    public void Enqueue(IEnumerable<long> followerIds, long upToPosition)
    {
        lock (_gate)
        {
            _pending.UnionWith(followerIds);
            _upToPosition = Math.Max(_upToPosition, upToPosition);
        }

        if (_signal.CurrentCount == 0)
        {
            _signal.Release();
        }
    }

    /// <summary>Writes every queued document now (tests, and the worker when the shell stops).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // Drain at least once: that waits for a drain the worker may have in flight (its ids are no
        // longer pending, but their documents are not written yet).
        do
        {
            await DrainOnceAsync(waitForProjection: false, cancellationToken);
        }
        while (PendingCount > 0);
    }

    internal Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    /// <summary>Takes everything queued and rewrites those documents; one drain at a time, so writes keep their order.</summary>
    internal async Task DrainOnceAsync(bool waitForProjection, CancellationToken cancellationToken)
    {
        await _drainGate.WaitAsync(cancellationToken);
        try
        {
            HashSet<long> ids;
            long upTo;
            lock (_gate)
            {
                (ids, upTo) = (_pending, _upToPosition);
                _pending = [];
            }

            if (ids.Count == 0 || indexes.TryGet() is not { } index)
            {
                return;
            }

            try
            {
                await WriteAsync(index, ids, waitForProjection ? upTo : null, cancellationToken);
            }
            catch
            {
                Enqueue(ids, upTo); // tried again by the next drain
                throw;
            }
        }
        finally
        {
            _drainGate.Release();
        }
    }

    private async Task WriteAsync(Lianjie.Search.Index.FollowerSearchIndex index, HashSet<long> ids, long? projectedUpTo, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        if (projectedUpTo is { } upTo)
        {
            await WaitForProjectionAsync(session, upTo, cancellationToken);
        }

        var documents = new List<Lianjie.Search.Index.FollowerSearchDocument>();
        foreach (var chunk in ids.Order().Chunk(DocumentsPerRead))
        {
            await using var db = await session.CreateContextAsync(cancellationToken);
            var rows = await db.Set<FollowerRecord>().AsNoTracking().Where(f => chunk.Contains(f.Id)).ToListAsync(cancellationToken);
            var live = rows.Where(r => r.ErasedUtc is null).ToList();
            foreach (var gone in chunk.Except(live.Select(r => r.Id)))
            {
                index.Delete(gone);
            }

            documents.AddRange(live.Select(FollowerSearchDocuments.From));
            if (documents.Count >= DocumentsPerWrite)
            {
                await index.UpsertAsync(documents, cancellationToken);
                documents = [];
            }
        }

        if (documents.Count > 0)
        {
            await index.UpsertAsync(documents, cancellationToken);
        }
    }

    /// <summary>The rows are read once the projection has caught up; if it is stuck, index what is there.</summary>
    private async Task WaitForProjectionAsync(DbSession session, long upTo, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ProjectionWait;
        while (await LedgerCheckpoints.GetAsync(session, FollowerProjectionReactor.ReactorName, cancellationToken) < upTo)
        {
            if (DateTime.UtcNow > deadline)
            {
                logger.LogWarning("The follower projection is behind position {Position}; indexing followers from their current rows", upTo);
                return;
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}

/// <summary>Writes queued follower documents in the background while the shell is live.</summary>
internal sealed class FollowerIndexQueueWorker(FollowerIndexQueue queue, ILogger<FollowerIndexQueueWorker> logger) : IShellBackgroundService
{
    private static readonly TimeSpan DrainPause = TimeSpan.FromMilliseconds(250);

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                await queue.DrainOnceAsync(waitForProjection: true, stoppingToken);

                // Each drain writes a segment and reopens the reader; under a steady stream, gather
                // a quarter second's worth instead of doing that for every few events.
                await Task.Delay(DrainPause, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Writing follower search documents failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        try
        {
            // The shell is stopping (a feature change or shutdown): write what is queued before the index is released.
            await queue.FlushAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Follower search documents still queued at shutdown were not written; rebuild followers.search to restore them");
        }
    }
}
