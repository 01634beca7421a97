using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Core.Ledger;

/// <summary>
/// Runs every enabled reactor from its checkpoint: read a batch, react and move the checkpoint in
/// one transaction, repeat. A failing batch is retried with backoff and never blocks other reactors.
/// </summary>
internal sealed class LedgerReactorHost(IServiceProvider services, LedgerSignal signal, ILogger<LedgerReactorHost> logger) : IShellBackgroundService
{
    private const int LingerBelow = 64;

    // A filtered reactor writes its checkpoint past skipped events only this often (restarts rescan at most this many).
    private const long PersistSkipsEvery = 5_000;
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan SkipPause = TimeSpan.FromMilliseconds(50);

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<string> names;
        try
        {
            await using var scope = services.CreateAsyncScope();
            names = scope.ServiceProvider.GetServices<ILedgerReactor>().Select(r => r.Name).ToList();
        }
        catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
        {
            return; // the shell went away before this loop got going
        }

        await Task.WhenAll(names.Select(name => RunReactorAsync(name, stoppingToken)));
    }

    private async Task RunReactorAsync(string name, CancellationToken stoppingToken)
    {
        var failures = 0;
        var busy = false;
        long? checkpoint = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var outcome = await RunOnceAsync(services, name, persistSkips: false, peek: !busy, checkpoint, stoppingToken);
                busy = outcome.Handled >= LingerBelow;
                checkpoint = outcome.Checkpoint;
                failures = 0;
                if (outcome.Skipped)
                {
                    // Nothing of this reactor's types arrived: look again a little later rather than
                    // at every append, so a quiet reactor costs a few reads a second.
                    await Task.Delay(SkipPause, stoppingToken);
                }
                else if (outcome.Handled == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                }
                else if (outcome.Handled < LingerBelow)
                {
                    // A trickle of events: let a few milliseconds' worth gather, so a steady stream
                    // costs each reactor one write transaction per pause instead of one per append.
                    await Task.Delay(Linger, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                busy = false;
                checkpoint = null;
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(30_000, 200 * Math.Pow(2, Math.Min(failures, 8))));
                logger.LogError(e, "Reactor {Reactor} failed (attempt {Attempt}); retrying in {Delay}", name, failures, delay);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One batch for one reactor, its checkpoint moved even past events it does not react to; returns how many it handled.</summary>
    internal static async Task<int> RunBatchAsync(IServiceProvider services, string name, CancellationToken cancellationToken) =>
        (await RunOnceAsync(services, name, persistSkips: true, peek: true, knownCheckpoint: null, cancellationToken)).Handled;

    /// <param name="peek">
    /// Look at the ledger's end and the checkpoint before taking the write lock. Skipped right after
    /// a large batch, when more is almost certainly waiting (filtered reactors always look: they need the end).
    /// </param>
    /// <param name="knownCheckpoint">Where the previous batch left the checkpoint (confirmed under the lock), when not peeking.</param>
    private static async Task<BatchOutcome> RunOnceAsync(IServiceProvider services, string name, bool persistSkips, bool peek, long? knownCheckpoint, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var reactor = scope.ServiceProvider.GetServices<ILedgerReactor>().Single(r => r.Name == name);
        var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
        var types = reactor.EventTypes;
        var marks = types is null ? null : scope.ServiceProvider.GetService<LedgerScanMarks>();

        // A look without the lock first: an idle reactor then never queues for the write lock (on
        // SQLite every transaction takes it). A stale look only means one empty turn under the lock.
        var (last, checkpoint) = peek || types is not null ? await LedgerCheckpoints.PeekAsync(session, name, cancellationToken) : (long.MaxValue, 0L);
        if (last <= checkpoint)
        {
            return BatchOutcome.Idle;
        }

        if (types is not null && marks is not null)
        {
            var start = marks.StartAfter(name, types, checkpoint);
            var nothingNew = start >= last;
            if (!nothingNew && !await LedgerTypeFilter.AnyAsync(session, types, start, last, cancellationToken))
            {
                marks.Record(name, types, checkpoint, last);
                nothingNew = true;
            }

            if (nothingNew && !persistSkips && last - checkpoint < PersistSkipsEvery)
            {
                return BatchOutcome.Skip;
            }
        }

        // Read the batch and let the reactor prepare it before taking the lock: on SQLite the write
        // lock is the one that callbacks' appends wait on, so only the writes should happen under it.
        // The checkpoint is confirmed under the lock; if another runner moved it, read again there.
        var batchSize = Math.Max(1, reactor.BatchSize);
        var expected = peek || types is not null ? checkpoint : knownCheckpoint;
        Batch? ahead = null;
        if (expected is { } after)
        {
            ahead = await ReadBatchAsync(session, ledger, name, types, marks, after, last, batchSize, cancellationToken);
            if (ahead.Value.MoveTo <= after)
            {
                return BatchOutcome.Idle;
            }

            if (ahead.Value.Events.Count > 0)
            {
                await reactor.PrepareAsync(ahead.Value.Events, cancellationToken);
            }
        }

        await session.BeginTransactionAsync(CommitDurability.Rederivable, cancellationToken);
        var locked = await LedgerCheckpoints.LockAsync(session, name, cancellationToken);
        Batch batch;
        if (ahead is { } read && locked == expected)
        {
            batch = read;
        }
        else
        {
            batch = await ReadBatchAsync(session, ledger, name, types, marks, locked, last, batchSize, cancellationToken);
            if (batch.Events.Count > 0)
            {
                await reactor.PrepareAsync(batch.Events, cancellationToken);
            }
        }

        var (events, moveTo) = batch;
        if (moveTo <= locked)
        {
            await session.RollbackAsync();
            return BatchOutcome.Idle;
        }

        if (events.Count > 0)
        {
            await reactor.ReactAsync(events, cancellationToken);
        }

        await LedgerCheckpoints.SetAsync(session, name, moveTo, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return events.Count == 0 ? BatchOutcome.Skip with { Checkpoint = moveTo } : new BatchOutcome(events.Count, false, moveTo);
    }

    /// <summary>The events after <paramref name="after"/> (of the reactor's types, if it has any) and where the checkpoint moves to.</summary>
    private static async Task<Batch> ReadBatchAsync(DbSession session, IBehaviourLedger ledger, string name, IReadOnlySet<string>? types, LedgerScanMarks? marks, long after, long last, int batchSize, CancellationToken cancellationToken)
    {
        if (types is null)
        {
            var all = await ledger.ReadAfterAsync(after, batchSize, cancellationToken);
            return new Batch(all, all.Count == 0 ? after : all[^1].Position);
        }

        var from = marks?.StartAfter(name, types, after) ?? after;
        var upTo = Math.Max(last, from);
        var events = await LedgerTypeFilter.ReadAsync(session, types, from, upTo, batchSize, cancellationToken);

        // A short batch read everything of these types up to upTo; a full one stops at its last event.
        if (events.Count < batchSize)
        {
            marks?.Record(name, types, events.Count == 0 ? after : events[^1].Position, upTo);
            return new Batch(events, upTo);
        }

        return new Batch(events, events[^1].Position);
    }

    private readonly record struct Batch(IReadOnlyList<BehaviourEvent> Events, long MoveTo);

    /// <param name="Checkpoint">Where this batch left the checkpoint, when it moved it.</param>
    private readonly record struct BatchOutcome(int Handled, bool Skipped, long? Checkpoint = null)
    {
        public static readonly BatchOutcome Idle = new(0, false);
        public static readonly BatchOutcome Skip = new(0, true);
    }
}

/// <summary>Where each reactor is in the ledger.</summary>
public static class LedgerCheckpoints
{
    /// <summary>
    /// Reads the checkpoint and holds its row lock until the transaction ends, so two runners of
    /// the same reactor (a second host, a catch-up) never apply the same batch twice.
    /// </summary>
    public static async Task<long> LockAsync(DbSession session, string reactor, CancellationToken cancellationToken)
    {
        // One statement creates the row if needed, takes its lock and returns the position.
        await using var command = await session.CreateCommandAsync(
            "INSERT INTO \"LedgerCheckpoints\" (\"Reactor\", \"Position\") VALUES (@r, 0) " +
            "ON CONFLICT (\"Reactor\") DO UPDATE SET \"Position\" = \"LedgerCheckpoints\".\"Position\" RETURNING \"Position\"",
            cancellationToken);
        command.AddParameter("r", reactor);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The ledger's last position and the reactor's checkpoint, in one round trip.</summary>
    public static async Task<(long Last, long Checkpoint)> PeekAsync(DbSession session, string reactor, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            "SELECT (SELECT COALESCE(MAX(\"Position\"), 0) FROM \"LedgerEvents\"), (SELECT \"Position\" FROM \"LedgerCheckpoints\" WHERE \"Reactor\" = @r)", cancellationToken);
        command.AddParameter("r", reactor);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), reader.IsDBNull(1) ? 0 : Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public static async Task<long> GetAsync(DbSession session, string reactor, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync("SELECT \"Position\" FROM \"LedgerCheckpoints\" WHERE \"Reactor\" = @r", cancellationToken);
        command.AddParameter("r", reactor);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public static async Task SetAsync(DbSession session, string reactor, long position, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            "INSERT INTO \"LedgerCheckpoints\" (\"Reactor\", \"Position\") VALUES (@r, @p) ON CONFLICT (\"Reactor\") DO UPDATE SET \"Position\" = @p",
            cancellationToken);
        command.AddParameter("r", reactor);
        command.AddParameter("p", position);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Admin operations on reactors: where they are, and rebuilding one from position zero.</summary>
public sealed class LedgerReactors(DbSession session, IEnumerable<ILedgerReactor> reactors, IBehaviourLedger ledger)
{
    public async Task<IReadOnlyList<(string Name, long Position, long Last)>> StatusAsync(CancellationToken cancellationToken = default)
    {
        var last = await ledger.LastPositionAsync(cancellationToken);
        var result = new List<(string, long, long)>();
        foreach (var reactor in reactors)
        {
            result.Add((reactor.Name, await LedgerCheckpoints.GetAsync(session, reactor.Name, cancellationToken), last));
        }

        return result;
    }

    public async Task RebuildAsync(string name, CancellationToken cancellationToken = default)
    {
        var reactor = reactors.SingleOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No reactor named '{name}'.");
        await session.BeginTransactionAsync(cancellationToken);
        await reactor.ResetAsync(cancellationToken);
        await LedgerCheckpoints.SetAsync(session, name, 0, cancellationToken);
        await session.CommitAsync(cancellationToken);
    }

    /// <summary>Runs a reactor until it has caught up with the ledger (tests, CLI, rebuild).</summary>
    public static async Task CatchUpAsync(IServiceProvider shellServices, string name, CancellationToken cancellationToken = default)
    {
        while (await LedgerReactorHost.RunBatchAsync(shellServices, name, cancellationToken) > 0)
        {
        }
    }
}
