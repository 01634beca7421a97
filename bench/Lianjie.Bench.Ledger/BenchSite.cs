using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Lianjie.Web.Hosting;
using Lianjie.Web.Setup;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lianjie.Bench.Ledger;

/// <summary>
/// A site set up in-process (blank recipe) over a fresh database: a SQLite file in a temporary data
/// directory, or a new PostgreSQL database on the test server that is dropped at the end.
/// </summary>
internal sealed class BenchSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;
    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    private BenchSite(WebApplication app, string dataDir, DatabaseSettings database, string? postgresServer, string? postgresName)
    {
        _app = app;
        _dataDir = dataDir;
        Database = database;
        _postgresServer = postgresServer;
        _postgresName = postgresName;
    }

    public DatabaseSettings Database { get; }

    public ShellContext Shell => _app.Services.GetRequiredService<ShellHost>().Current!;

    /// <summary>Sets up a site; <paramref name="postgresServer"/> null means SQLite.</summary>
    public static async Task<BenchSite> CreateAsync(string? postgresServer, int poolSize)
    {
        var dataDir = Directory.CreateTempSubdirectory("lianjie-bench-ledger-").FullName;
        string? name = null;
        DatabaseSettings? database = null;
        if (postgresServer is not null)
        {
            name = "lj_bench_" + Guid.NewGuid().ToString("N")[..12];
            await using (var connection = new NpgsqlConnection(postgresServer))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                await create.ExecuteNonQueryAsync();
            }

            var builder = new NpgsqlConnectionStringBuilder(postgresServer) { Database = name, MaxPoolSize = poolSize };
            database = new DatabaseSettings(DatabaseProvider.Postgres, builder.ConnectionString);
        }

        var app = LianjieHost.Build(["--data-dir", dataDir], b => b.Logging.ClearProviders());
        try
        {
            var setup = app.Services.GetRequiredService<SiteSetup>();
            var report = await setup.RunAsync(new SetupRequest("Ledger bench", "Asia/Shanghai", "admin", "Passw0rd!", null, database, "blank"));
            if (!report.Succeeded)
                throw new InvalidOperationException($"Setup failed: {report.Failure}");
            return new BenchSite(app, dataDir, database ?? setup.DefaultDatabase(), postgresServer, name);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app.Services.GetRequiredService<ShellHost>().Current is { } shell)
            await shell.DisposeAsync(); // stops the ledger writer and reactors
        await _app.DisposeAsync();
        await BenchSiteCleanup.DeleteAsync(_postgresServer, _postgresName, _dataDir);
    }
}
