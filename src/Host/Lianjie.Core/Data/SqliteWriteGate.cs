using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Lianjie.Core.Data;

/// <summary>
/// One queue per SQLite database file for this process's write transactions. SQLite has a single
/// writer and its busy handler retries by sleeping (up to 100 ms a time), so under contention a
/// waiting writer can lose its turn again and again; taking turns here makes each wait last only
/// as long as the transactions ahead of it.
/// </summary>
/// <remarks>
/// Turns are first come first served, except that urgent writers (the ledger's group commit, which
/// callers wait on before answering) go ahead of ordinary ones (reactor batches, admin saves) unless
/// the oldest ordinary writer has already waited <see cref="MaxOvertaken"/>; then the two alternate,
/// so neither side starves.
/// </remarks>
internal sealed class SqliteWriteGate
{
    // A nested write transaction in one flow would wait on itself; after this long the writer goes
    // on without its turn and SQLite's own busy timeout decides, as it would without the gate.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);
    private static readonly long MaxOvertaken = Stopwatch.Frequency / 10; // 100 ms

    private static readonly ConcurrentDictionary<string, SqliteWriteGate> Gates = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly Queue<Waiter> _urgent = new();
    private readonly Queue<Waiter> _ordinary = new();
    private bool _held;
    private bool _lastWentToAgedOrdinary;

    /// <summary>The queue of one database file (every connection string naming it shares one).</summary>
    public static SqliteWriteGate For(string connectionString) =>
        Gates.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SqliteWriteGate());

    public async Task<IDisposable> EnterAsync(bool urgent, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                return new Turn(this);
            }

            waiter = new Waiter(Stopwatch.GetTimestamp());
            (urgent ? _urgent : _ordinary).Enqueue(waiter);
        }

        try
        {
            await waiter.Granted.Task.WaitAsync(MaxWait, cancellationToken);
            return new Turn(this);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // Withdraw; if the turn was handed over meanwhile, pass it on.
            if (!waiter.Granted.TrySetCanceled())
            {
                Release();
            }

            if (e is OperationCanceledException)
            {
                throw;
            }

            return NoTurn.Instance;
        }
    }

    private void Release()
    {
        while (true)
        {
            Waiter? next;
            lock (_lock)
            {
                next = Next();
                if (next is null)
                {
                    _held = false;
                    return;
                }
            }

            // A withdrawn waiter refuses the turn; offer it to the one after.
            if (next.Granted.TrySetResult())
            {
                return;
            }
        }
    }

    private Waiter? Next()
    {
        // An ordinary writer that has waited too long goes next, but never twice in a row ahead of
        // an urgent one: with both queues busy, turns then alternate and neither side starves.
        var ordinaryWaitedTooLong = _ordinary.TryPeek(out var oldest) && Stopwatch.GetTimestamp() - oldest.Since > MaxOvertaken;
        if (_urgent.Count > 0 && (!ordinaryWaitedTooLong || _lastWentToAgedOrdinary))
        {
            _lastWentToAgedOrdinary = false;
            return _urgent.Dequeue();
        }

        _lastWentToAgedOrdinary = _urgent.Count > 0;
        return _ordinary.Count > 0 ? _ordinary.Dequeue() : _urgent.Count > 0 ? _urgent.Dequeue() : null;
    }

    private sealed class Waiter(long since)
    {
        public long Since { get; } = since;

        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Turn(SqliteWriteGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
        }
    }
}
