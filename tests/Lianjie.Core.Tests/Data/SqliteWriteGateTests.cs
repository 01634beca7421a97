using Lianjie.Core.Data;
using Microsoft.Data.Sqlite;

namespace Lianjie.Core.Tests.Data;

public sealed class SqliteWriteGateTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lianjie-gate-" + Guid.NewGuid().ToString("N"));
    private DbConnectionFactory _factory = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        _factory = new DbConnectionFactory(new DatabaseSettings(DatabaseProvider.Sqlite, DbConnectionFactory.SqliteConnectionString(Path.Combine(_folder, "site.db"))));
        await using var session = NewSession();
        await using var create = await session.CreateCommandAsync("CREATE TABLE \"Items\" (\"Id\" INTEGER PRIMARY KEY, \"Writer\" TEXT NOT NULL)");
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_second_write_transaction_waits_its_turn_and_runs_when_the_first_commits()
    {
        await using var first = NewSession();
        await first.BeginTransactionAsync();
        await InsertAsync(first, "first");

        await using var second = NewSession();
        var secondBegins = second.BeginTransactionAsync();
        await Task.Delay(200);
        Assert.False(secondBegins.IsCompleted, "the second transaction began while the first still held the write turn");

        await first.CommitAsync();
        await secondBegins.WaitAsync(TimeSpan.FromSeconds(5));
        await InsertAsync(second, "second");
        await second.CommitAsync();

        await using var reader = NewSession();
        await using var query = await reader.CreateCommandAsync("SELECT group_concat(\"Writer\", ',') FROM (SELECT \"Writer\" FROM \"Items\" ORDER BY \"Id\")");
        Assert.Equal("first,second", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Waiting_writers_get_their_turn_in_the_order_they_asked()
    {
        await using var holder = NewSession();
        await holder.BeginTransactionAsync();
        var order = new List<string>();
        var waiters = new List<Task>();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            waiters.Add(WriteAsync(name));
            await Task.Delay(50); // each asks after the one before
        }

        await holder.RollbackAsync();
        await Task.WhenAll(waiters).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["a", "b", "c", "d"], order);

        async Task WriteAsync(string name)
        {
            await using var session = NewSession();
            await session.BeginTransactionAsync();
            lock (order)
            {
                order.Add(name);
            }

            await InsertAsync(session, name);
            await session.CommitAsync();
        }
    }

    [Fact]
    public async Task A_session_disposed_with_its_transaction_open_gives_the_turn_back()
    {
        var abandoned = NewSession();
        await abandoned.BeginTransactionAsync();
        await InsertAsync(abandoned, "lost");
        await abandoned.DisposeAsync();

        await using var next = NewSession();
        await next.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await using var count = await next.CreateCommandAsync("SELECT COUNT(*) FROM \"Items\"");
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        await next.RollbackAsync();
    }

    private DbSession NewSession() => new(_factory, new ShellModelKey("gate-tests"), EmptyServices.Instance);

    private static async Task InsertAsync(DbSession session, string writer)
    {
        await using var insert = await session.CreateCommandAsync("INSERT INTO \"Items\" (\"Writer\") VALUES (@w)");
        insert.AddParameter("w", writer);
        await insert.ExecuteNonQueryAsync();
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
