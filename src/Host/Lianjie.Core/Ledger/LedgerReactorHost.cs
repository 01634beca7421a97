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
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

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
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await RunBatchAsync(services, name, stoppingToken);
                failures = 0;
                if (handled == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
                }
                else if (handled < LingerBelow)
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

    /// <summary>One batch for one reactor; returns how many events it handled.</summary>
    internal static async Task<int> RunBatchAsync(IServiceProvider services, string name, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var reactor = scope.ServiceProvider.GetServices<ILedgerReactor>().Single(r => r.Name == name);
        var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();

        // A look without the lock first: an idle reactor then never queues for the write lock (on
        // SQLite every transaction takes it). A stale look only means one empty turn under the lock.
        if (await ledger.LastPositionAsync(cancellationToken) <= await LedgerCheckpoints.GetAsync(session, name, cancellationToken))
        {
            return 0;
        }

        await session.BeginTransactionAsync(cancellationToken);
        var checkpoint = await LedgerCheckpoints.LockAsync(session, name, cancellationToken);
        var events = await ledger.ReadAfterAsync(checkpoint, Math.Max(1, reactor.BatchSize), cancellationToken);
        if (events.Count == 0)
        {
            await session.RollbackAsync();
            return 0;
        }

        await reactor.ReactAsync(events, cancellationToken);
        await LedgerCheckpoints.SetAsync(session, name, events[^1].Position, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return events.Count;
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
        await using (var ensure = await session.CreateCommandAsync(
            "INSERT INTO \"LedgerCheckpoints\" (\"Reactor\", \"Position\") VALUES (@r, 0) ON CONFLICT (\"Reactor\") DO NOTHING", cancellationToken))
        {
            ensure.AddParameter("r", reactor);
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var lockRow = await session.CreateCommandAsync("UPDATE \"LedgerCheckpoints\" SET \"Position\" = \"Position\" WHERE \"Reactor\" = @r", cancellationToken))
        {
            lockRow.AddParameter("r", reactor);
            await lockRow.ExecuteNonQueryAsync(cancellationToken);
        }

        return await GetAsync(session, reactor, cancellationToken);
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
