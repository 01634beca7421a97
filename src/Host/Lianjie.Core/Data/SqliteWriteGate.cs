using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Lianjie.Core.Data;

/// <summary>
/// One queue per SQLite database file for this process's write transactions. SQLite has a single
/// writer and its busy handler retries by sleeping (up to 100 ms a time), so under contention a
/// waiting writer can lose its turn again and again; taking turns here, first come first served,
/// makes each wait last only as long as the transactions ahead of it.
/// </summary>
internal static class SqliteWriteGate
{
    // A nested write transaction in one flow would wait on itself; after this long the writer goes
    // on without its turn and SQLite's own busy timeout decides, as it would without the gate.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    /// <summary>The queue of one database file (every connection string naming it shares one).</summary>
    public static SemaphoreSlim For(string connectionString) =>
        Gates.GetOrAdd(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource), _ => new SemaphoreSlim(1, 1));

    public static async Task<IDisposable> EnterAsync(SemaphoreSlim gate, CancellationToken cancellationToken) =>
        await gate.WaitAsync(MaxWait, cancellationToken) ? new Turn(gate) : NoTurn.Instance;

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
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
