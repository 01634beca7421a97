using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Lianjie.Core.Data;

/// <summary>
/// Copies a SQLite database's write-ahead log back into the database file on a background task, a
/// little while after writes. SQLite's own auto-checkpoint runs inside the commit that crosses its
/// threshold, so that writer — and every writer queued behind its turn at <see cref="SqliteWriteGate"/>
/// — waited for the copy and its fsync; connections opened by <see cref="DbConnectionFactory"/> turn it off.
/// </summary>
/// <remarks>
/// A passive checkpoint takes no write lock: writers go on meanwhile, and frames that readers still
/// need are left for the next round. SQLite restarts the log from its beginning once every frame has
/// been copied back, so the log stays near the size written between two rounds.
/// </remarks>
internal sealed class SqliteWalCheckpointer
{
    /// <summary>The least time between two rounds: more often copies hot pages more often, less often lets the log grow.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly ConcurrentDictionary<string, SqliteWalCheckpointer> Checkpointers = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private long _lastStarted = Stopwatch.GetTimestamp();
    private int _running;

    private SqliteWalCheckpointer(string connectionString) => _connectionString = connectionString;

    private long _rounds;

    /// <summary>Rounds completed (tests and diagnostics).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>The checkpointer of one database file (every connection string naming it shares one).</summary>
    public static SqliteWalCheckpointer For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var path = Path.GetFullPath(builder.DataSource);

        // ReadWrite, not ReadWriteCreate: a round that starts after the file was deleted must not create an empty one.
        return Checkpointers.GetOrAdd(path, _ => new SqliteWalCheckpointer(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 5 }.ToString()));
    }

    /// <summary>A write transaction ended: start a round unless one is running or started less than <see cref="Interval"/> ago.</summary>
    public void Written()
    {
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastStarted)) < Interval || Interlocked.Exchange(ref _running, 1) == 1)
        {
            return;
        }

        Interlocked.Exchange(ref _lastStarted, Stopwatch.GetTimestamp());
        _ = Task.Run(RunAsync);
    }

    private async Task RunAsync()
    {
        try
        {
            await using var connection = new SqliteConnection(_connectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            await command.ExecuteNonQueryAsync();
            Interlocked.Increment(ref _rounds);
        }
        catch (SqliteException)
        {
            // The file went away (a test's database, a site deleted) or is locked by a restore: the next write tries again.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }
}
