using Lianjie.Core.Data;
using Npgsql;

namespace Lianjie.Testing;

/// <summary>A fresh database per test site: a SQLite file, or a new PostgreSQL database on the test server.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresName;

    private TestDatabase(DatabaseSettings? settings, string? postgresName)
    {
        Settings = settings;
        _postgresName = postgresName;
    }

    /// <summary>Null means "the site's default" (SQLite in its data directory).</summary>
    public DatabaseSettings? Settings { get; }

    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("LIANJIE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("LIANJIE_TEST_POSTGRES is not set. Run the tests with build/test.sh, which starts PostgreSQL on loopback.");

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == "sqlite")
        {
            return new TestDatabase(null, null);
        }

        var name = "lj_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(PostgresServer))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name };
        return new TestDatabase(new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString), name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
