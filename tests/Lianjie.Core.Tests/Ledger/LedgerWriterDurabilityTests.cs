using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lianjie.Core.Tests.Ledger;

/// <summary>
/// On SQLite the group commit fsyncs the WAL after releasing the write lock: an append must still
/// be answered only after that fsync, and other writers must be able to write meanwhile.
/// </summary>
public sealed class LedgerWriterDurabilityTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lianjie-wal-" + Guid.NewGuid().ToString("N"));
    private string _databasePath = null!;
    private DbConnectionFactory _factory = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _databasePath = Path.Combine(_folder, "site.db");
        _factory = new DbConnectionFactory(new DatabaseSettings(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(_databasePath)));
        await ExecuteAsync(
            "CREATE TABLE \"LedgerEvents\" (\"Position\" INTEGER PRIMARY KEY AUTOINCREMENT, \"Type\" TEXT NOT NULL, \"FollowerId\" INTEGER NULL, " +
            "\"AccountId\" TEXT NULL, \"Subject\" TEXT NULL, \"Payload\" TEXT NULL, \"OccurredUtc\" TEXT NOT NULL, \"RecordedUtc\" TEXT NOT NULL, " +
            "\"Source\" TEXT NOT NULL, \"DedupeKey\" TEXT NOT NULL); CREATE UNIQUE INDEX \"IX_LedgerEvents_DedupeKey\" ON \"LedgerEvents\" (\"DedupeKey\"); " +
            "CREATE TABLE \"Items\" (\"Id\" INTEGER PRIMARY KEY, \"Name\" TEXT NOT NULL);");
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task An_append_is_answered_only_after_a_wal_fsync_that_follows_its_commit_while_others_write()
    {
        using var fsyncMayFinish = new ManualResetEventSlim(false);
        var synced = new List<string>();
        var writer = NewWriter(path =>
        {
            fsyncMayFinish.Wait(TimeSpan.FromSeconds(10));
            lock (synced)
            {
                synced.Add(path);
            }
        });
        await using (writer)
        {
            var append = writer.AppendAsync(Draft("k1"));

            // Committed (another connection reads it) but not acknowledged while the fsync is held.
            await WaitForAsync(async () => await CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"DedupeKey\" = 'k1'") == 1);
            await Task.Delay(200);
            Assert.False(append.IsCompleted, "the append was acknowledged before its fsync finished");

            // The write lock is free meanwhile: another writer commits during the fsync.
            await using (var session = new DbSession(_factory, new ShellModelKey("wal-tests"), NoServices.Instance))
            {
                await session.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5));
                await using var insert = await session.CreateCommandAsync("INSERT INTO \"Items\" (\"Name\") VALUES ('during fsync')");
                await insert.ExecuteNonQueryAsync();
                await session.CommitAsync();
            }

            Assert.False(append.IsCompleted);
            fsyncMayFinish.Set();
            var result = await append.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.True(result.Appended);
            Assert.Equal(_databasePath + "-wal", Assert.Single(synced.Distinct()));
        }
    }

    [Fact]
    public async Task A_failed_fsync_fails_the_append_and_a_retry_finds_the_committed_event()
    {
        var fail = true;
        await using var writer = NewWriter(_ =>
        {
            if (Volatile.Read(ref fail))
            {
                throw new IOException("disk full");
            }
        });

        var error = await Assert.ThrowsAsync<IOException>(() => writer.AppendAsync(Draft("k2")));
        Assert.Equal("disk full", error.Message);

        Volatile.Write(ref fail, false);
        var retry = await writer.AppendAsync(Draft("k2"));
        Assert.False(retry.Appended); // idempotent: the first commit stands, answered as already there
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));
    }

    [Fact]
    public async Task The_real_fsync_runs_and_the_writer_connection_goes_back_to_the_pool_fully_synced()
    {
        var writer = NewWriter(walSync: null);
        await using (writer)
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => writer.AppendAsync(Draft("r" + i))));
            Assert.InRange(writer.DurabilityRounds, 1, 50);
        }

        // Every pooled handle, the writer's included, must be FULL again for other users.
        var connections = new List<System.Data.Common.DbConnection>();
        try
        {
            for (var i = 0; i < 6; i++)
            {
                connections.Add(await _factory.OpenAsync());
            }

            foreach (var connection in connections)
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous";
                Assert.Equal(2L, Convert.ToInt64(await pragma.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private LedgerWriter NewWriter(Action<string>? walSync) =>
        new(_factory, new LedgerSignal(), TimeProvider.System, NullLogger<LedgerWriter>.Instance, walSync);

    private static BehaviourEventDraft Draft(string key) => new("content.view", 1, DedupeKey: key);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await _factory.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await _factory.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("condition not met in 5 s");
    }

    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
