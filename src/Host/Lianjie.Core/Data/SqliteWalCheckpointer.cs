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
/// A round has two passes. The first takes no write lock, so writers go on while it copies most of
/// the log (and fsyncs). SQLite starts the log over only when a writer begins while every frame is
/// back in the database file, which under a steady stream of writers almost never happens after a
/// pass that ran beside them — without the second pass the log grew past 600 MB in a 20-second
/// workflows run. So once the log is over <see cref="StartOverAbove"/> frames, the second pass copies
/// what the writers added meanwhile during a write turn of its own, queued like any other writer, and
/// the writer after it starts the log over (the file keeps its size, so later writes reuse its blocks).
/// </remarks>
internal sealed class SqliteWalCheckpointer
{
    /// <summary>The least time between two rounds: more often copies hot pages more often, less often lets the log grow.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    private static readonly ConcurrentDictionary<string, SqliteWalCheckpointer> Checkpointers = new(StringComparer.Ordinal);

    private readonly string _connectionString;
    private readonly SqliteWriteGate _gate;
    private long _lastStarted = Stopwatch.GetTimestamp();
    private int _running;
    private long _rounds;

    private SqliteWalCheckpointer(string connectionString, SqliteWriteGate gate)
    {
        _connectionString = connectionString;
        _gate = gate;
    }

    /// <summary>
    /// Frames in the log (~32 MB of 4 KB pages) above which a round takes a write turn to let the log
    /// start over: such a pass costs the writers queued behind it two fsyncs, so not every round does it.
    /// </summary>
    public long StartOverAbove { get; set; } = 8192;

    /// <summary>Rounds completed (tests and diagnostics).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>The checkpointer of one database file (every connection string naming it shares one).</summary>
    public static SqliteWalCheckpointer For(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var path = Path.GetFullPath(builder.DataSource);

        // ReadWrite, not ReadWriteCreate: a round that starts after the file was deleted must not create an empty one.
        return Checkpointers.GetOrAdd(path, _ => new SqliteWalCheckpointer(
            new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = true, DefaultTimeout = 5 }.ToString(),
            SqliteWriteGate.For(connectionString)));
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
            if (await CheckpointAsync(connection) >= StartOverAbove)
            {
                using var turn = await _gate.EnterAsync(urgent: false, CancellationToken.None);
                await CheckpointAsync(connection);
            }

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

    /// <summary>One passive pass; returns the frames in the log (0 when it was started over).</summary>
    private static async Task<long> CheckpointAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        // Columns: busy, frames in the log, frames copied back (-1 and -1 when not in WAL mode).
        return reader.GetInt64(1);
    }
}
