using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Lianjie.Web.Hosting;
using Lianjie.Web.Setup;
using Lianjie.WeChat.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Lianjie.Bench.WeChat;

/// <summary>
/// Lianjie.Web in-process on Kestrel (loopback, random port) over a fresh database — a SQLite file in
/// a temporary data directory, or a new PostgreSQL database dropped at the end — with Followers and
/// WeChat enabled and one safe-mode account.
/// </summary>
internal sealed class HostSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;
    private readonly string? _postgresServer;
    private readonly string? _postgresName;

    private HostSite(WebApplication app, string dataDir, string? postgresServer, string? postgresName)
    {
        _app = app;
        _dataDir = dataDir;
        _postgresServer = postgresServer;
        _postgresName = postgresName;
    }

    public string BaseUrl => _app.Urls.First();

    public ShellHost Shells => _app.Services.GetRequiredService<ShellHost>();

    public static async Task<HostSite> StartAsync(string? postgresServer, WeChatAccountKeys account)
    {
        var dataDir = Directory.CreateTempSubdirectory("lianjie-bench-wechat-").FullName;
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

            database = new DatabaseSettings(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(postgresServer) { Database = name, MaxPoolSize = 100 }.ConnectionString);
        }

        var app = LianjieHost.Build(["--data-dir", dataDir, "--urls", "http://127.0.0.1:0"], b => b.Logging.ClearProviders());
        await app.StartAsync();
        var site = new HostSite(app, dataDir, postgresServer, name);
        try
        {
            var report = await app.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("WeChat bench", "Asia/Shanghai", "admin", "Passw0rd!", null, database, "blank"));
            if (!report.Succeeded)
                throw new InvalidOperationException($"Setup failed: {report.Failure}");
            var shells = app.Services.GetRequiredService<ShellHost>();
            await shells.EnableAsync(["Lianjie.Followers", "Lianjie.WeChat"]);
            await using var scope = shells.Current!.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WeChatAccountService>().UpsertAsync(
                new WeChatAccountInput(account.AppId, account.Name, account.AppSecret, account.EncodingAesKey, account.Token, account.MessageMode, account.Simulated));
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rows in the ledger, to check every acknowledged callback was appended.</summary>
    public async Task<long> LedgerCountAsync()
    {
        await using var scope = _app.Services.GetRequiredService<ShellHost>().Current!.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await using var command = await session.CreateCommandAsync("SELECT COUNT(*) FROM \"LedgerEvents\"");
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app.Services.GetRequiredService<ShellHost>().Current is { } shell)
            await shell.DisposeAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await BenchSiteCleanup.DeleteAsync(_postgresServer, _postgresName, _dataDir);
    }
}
