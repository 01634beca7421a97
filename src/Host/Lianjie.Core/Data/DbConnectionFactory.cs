using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Lianjie.Core.Data;

/// <summary>Opens connections for the site's database, with the per-connection settings each provider needs.</summary>
public sealed class DbConnectionFactory(DatabaseSettings settings)
{
    public DatabaseSettings Settings { get; } = settings;

    public bool IsSqlite => Settings.Provider == DatabaseProvider.Sqlite;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> PreparedHandles = [];
    private static readonly object PreparedMark = new();

    // Looked up once per factory: parsing the connection string on every transaction would put it on the hot path.
    private readonly Lazy<SqliteWriteGate?> _writeGate = new(() => settings.Provider == DatabaseProvider.Sqlite ? SqliteWriteGate.For(settings.ConnectionString) : null);
    private readonly Lazy<SqliteWalCheckpointer?> _checkpointer = new(() => settings.Provider == DatabaseProvider.Sqlite ? SqliteWalCheckpointer.For(settings.ConnectionString) : null);

    /// <summary>
    /// Waits for this process's turn to write (SQLite: one writer per database file; see
    /// <see cref="SqliteWriteGate"/>); dispose it when the transaction ends. Null where writers need no turn.
    /// Urgent turns (someone is waiting on the commit to answer) go ahead of ordinary ones.
    /// </summary>
    public async Task<IDisposable?> EnterWriteTurnAsync(CancellationToken cancellationToken, bool urgent = false) =>
        _writeGate.Value is { } gate ? new CheckpointedTurn(await gate.EnterAsync(urgent, cancellationToken), _checkpointer.Value!) : null;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Settings.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteConnection(Settings.ConnectionString),
            DatabaseProvider.Postgres => new NpgsqlConnection(Settings.ConnectionString),
            _ => throw new InvalidOperationException($"Unsupported provider {Settings.Provider}"),
        };
        await connection.OpenAsync(cancellationToken);
        if (connection is SqliteConnection sqlite && !PreparedHandles.TryGetValue(sqlite.Handle!, out _))
        {
            await using var pragma = connection.CreateCommand();
            // WAL lets readers run beside the single writer; FULL keeps a commit durable; checkpoints run
            // in the background (SqliteWalCheckpointer), not inside commits. These stick to the native
            // handle, which the pool hands out again, so they run once per handle.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=0;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            PreparedHandles.AddOrUpdate(sqlite.Handle!, PreparedMark);
        }

        return connection;
    }

    public static string SqliteConnectionString(string databasePath) =>
        new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = true, DefaultTimeout = 60 }.ToString();

    /// <summary>A write turn that, once given back, lets the file's checkpointer know the log grew.</summary>
    private sealed class CheckpointedTurn(IDisposable turn, SqliteWalCheckpointer checkpointer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                turn.Dispose();
                checkpointer.Written();
            }
        }
    }
}
