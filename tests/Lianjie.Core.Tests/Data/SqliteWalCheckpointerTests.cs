using Lianjie.Core.Data;
using Microsoft.Data.Sqlite;

namespace Lianjie.Core.Tests.Data;

public sealed class SqliteWalCheckpointerTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lianjie-wal-" + Guid.NewGuid().ToString("N"));
    private string _path = null!;
    private DbConnectionFactory _factory = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _path = Path.Combine(_folder, "site.db");
        _factory = new DbConnectionFactory(new DatabaseSettings(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(_path)));
        await using var session = NewSession();
        await using var create = await session.CreateCommandAsync("CREATE TABLE \"Blobs\" (\"Id\" INTEGER PRIMARY KEY, \"Body\" BLOB NOT NULL)");
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_commit_leaves_the_log_in_place_and_the_background_round_copies_it_into_the_database_file()
    {
        var sizeBefore = new FileInfo(_path).Length;
        await using (var session = NewSession())
        {
            await session.BeginTransactionAsync();
            for (var i = 0; i < 64; i++)
            {
                await using var insert = await session.CreateCommandAsync("INSERT INTO \"Blobs\" (\"Body\") VALUES (randomblob(32768))");
                await insert.ExecuteNonQueryAsync();
            }

            // Connections the factory opens never checkpoint inside their own commits.
            await using var setting = await session.CreateCommandAsync("PRAGMA wal_autocheckpoint");
            Assert.Equal(0L, await setting.ExecuteScalarAsync());
            await session.CommitAsync();
        }

        // 2 MB went into the log; only a checkpoint moves it into the database file, and nothing but
        // the background checkpointer runs one here (pooled connections stay open, so none closes last).
        var checkpointer = SqliteWalCheckpointer.For(_factory.Settings.ConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((new FileInfo(_path).Length < sizeBefore + (2 * 1024 * 1024) || checkpointer.Rounds == 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);

            // A round starts after a write turn ends, at most once per interval: give it turns.
            await using var session = NewSession();
            await session.BeginTransactionAsync();
            await session.CommitAsync();
        }

        Assert.True(new FileInfo(_path).Length >= sizeBefore + (2 * 1024 * 1024), $"the database file is {new FileInfo(_path).Length} bytes: the log was not copied back");
        Assert.True(checkpointer.Rounds > 0);
    }

    [Fact]
    public async Task Under_back_to_back_writers_the_log_still_starts_over()
    {
        // A pass beside writers never leaves every frame copied at a moment a writer begins, so
        // without the pass in a write turn of its own the log never starts over and grows by
        // everything written (measured: 0 starts in 31 rounds, the file at 108 % of the bytes written).
        var checkpointer = SqliteWalCheckpointer.For(_factory.Settings.ConnectionString);
        checkpointer.StartOverAbove = 256;
        var startsBefore = LogStarts();
        var until = DateTime.UtcNow.AddSeconds(8);
        while (DateTime.UtcNow < until && LogStarts() - startsBefore < 2)
        {
            await using var session = NewSession();
            await session.BeginTransactionAsync();
            for (var i = 0; i < 4; i++)
            {
                await using var insert = await session.CreateCommandAsync("INSERT INTO \"Blobs\" (\"Body\") VALUES (randomblob(8192))");
                await insert.ExecuteNonQueryAsync();
            }

            await session.CommitAsync();
        }

        Assert.True(LogStarts() - startsBefore >= 2, $"the log started over {LogStarts() - startsBefore} times in {checkpointer.Rounds} rounds");
    }

    [Fact]
    public async Task A_round_after_the_database_file_was_deleted_does_not_create_an_empty_one()
    {
        var checkpointer = SqliteWalCheckpointer.For(_factory.Settings.ConnectionString);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        Directory.CreateDirectory(_folder);

        await Task.Delay(SqliteWalCheckpointer.Interval + TimeSpan.FromMilliseconds(50));
        var roundsBefore = checkpointer.Rounds;
        checkpointer.Written();
        await Task.Delay(500);

        Assert.False(File.Exists(_path), "a checkpoint round created the deleted database file again");
        Assert.Equal(roundsBefore, checkpointer.Rounds);
    }

    private DbSession NewSession() => new(_factory, new ShellModelKey("wal-tests"), EmptyServices.Instance);

    /// <summary>The log header's checkpoint sequence number (bytes 12–15, big-endian): SQLite adds one each time the log starts over.</summary>
    private long LogStarts()
    {
        if (!File.Exists(_path + "-wal") || new FileInfo(_path + "-wal").Length < 16)
        {
            return 0; // no log yet
        }

        using var log = new FileStream(_path + "-wal", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var header = new byte[16];
        log.ReadExactly(header);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12));
    }
}
