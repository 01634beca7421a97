using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace Lianjie.Bench.WeChat;

/// <summary>
/// Durability under kill -9: Lianjie.Web as a separate process (SQLite, data directory set up with the
/// CLI), concurrent clients sending unique callbacks and recording every MsgId answered "success",
/// SIGKILL mid-run, restart, then count acknowledged MsgIds missing from the ledger.
/// </summary>
internal sealed class KillTest(string webDll, int clients, int rounds)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public List<Round> Rounds { get; } = [];

    public async Task RunAsync()
    {
        var dataDir = Directory.CreateTempSubdirectory("lianjie-bench-wechat-kill-").FullName;
        try
        {
            var account = CallbackFactory.SafeAccount();
            var recipe = Path.Combine(dataDir, "bench-wechat.recipe.json");
            await File.WriteAllTextAsync(recipe, $$"""
                { "name": "bench-wechat", "steps": [
                  { "name": "feature", "enable": [ "Lianjie.Followers", "Lianjie.WeChat" ] },
                  { "name": "WeChatAccounts", "Accounts": [ { "AppId": "{{account.AppId}}", "Name": "Bench", "AppSecret": "{{account.AppSecret}}",
                    "Token": "{{account.Token}}", "EncodingAESKey": "{{account.EncodingAesKey}}", "MessageMode": "Safe", "Simulated": true } ] } ] }
                """);
            var site = Path.Combine(dataDir, "site");
            await RunCliAsync(["setup", "--recipe", "blank", "--site-name", "Bench", "--admin", "admin", "--password", "Passw0rd!", "--data-dir", site]);
            await RunCliAsync(["recipe", "import", recipe, "--data-dir", site]);

            var factory = new CallbackFactory(account, 500, 7_000_000_000_000);
            var random = new Random(20261124);
            var url = $"http://127.0.0.1:{FreePort()}";
            var host = await StartHostAsync(site, url);
            try
            {
                for (var round = 1; round <= rounds; round++)
                {
                    var acknowledged = new ConcurrentBag<long>();
                    var failures = 0;
                    var killAfter = TimeSpan.FromMilliseconds(random.Next(500, 4000));
                    using var http = LoadGenerator.CreateClient(url, clients);
                    var loops = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
                    {
                        var result = new LoadGenerator.Result();
                        // Runs until the host dies: every request after the kill fails to connect.
                        while (result.Failures < 3)
                        {
                            var callback = factory.Next();
                            if (await LoadGenerator.SendAsync(http, callback, result))
                                acknowledged.Add(callback.MsgId);
                        }

                        Interlocked.Add(ref failures, result.Failures);
                    })).ToList();
                    // Kill a random while after the first acknowledgement, so every round kills under load.
                    var waiting = Stopwatch.StartNew();
                    while (acknowledged.IsEmpty && waiting.Elapsed < StartTimeout)
                        await Task.Delay(20);
                    await Task.Delay(killAfter);
                    var pid = host.Id;
                    host.Kill(); // SIGKILL on Linux: no shutdown hooks, no flush
                    await host.WaitForExitAsync();
                    host.Dispose();
                    await Task.WhenAll(loops);
                    Console.WriteLine($"  round {round}: killed pid {pid} {killAfter.TotalSeconds:F1} s after the first acknowledgement; {acknowledged.Count:N0} acknowledged");

                    host = await StartHostAsync(site, url);
                    var recorded = await RecordedMsgIdsAsync(site);
                    var missing = acknowledged.Count(id => !recorded.Contains(id));
                    Rounds.Add(new Round(round, killAfter, acknowledged.Count, missing, recorded.Count));
                    Console.WriteLine($"  round {round}: restarted; ledger holds {recorded.Count:N0} callbacks in all, {missing} acknowledged ones missing");
                }
            }
            finally
            {
                host.Kill();
                await host.WaitForExitAsync();
                host.Dispose();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>MsgIds of the bench account's text messages in the ledger (dedupe key wechat:{appId}:{msgId}).</summary>
    private static async Task<HashSet<long>> RecordedMsgIdsAsync(string site)
    {
        var file = Directory.EnumerateFiles(site, "*.db", SearchOption.AllDirectories).FirstOrDefault()
            ?? throw new InvalidOperationException($"No SQLite database under {site}.");
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var prefix = $"wechat:{CallbackFactory.AppId}:";
        command.CommandText = "SELECT \"DedupeKey\" FROM \"LedgerEvents\" WHERE \"DedupeKey\" LIKE $p";
        command.Parameters.AddWithValue("$p", prefix + "%");
        var ids = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            if (long.TryParse(reader.GetString(0).AsSpan(prefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
                ids.Add(id);
        }

        return ids;
    }

    private async Task<Process> StartHostAsync(string site, string url)
    {
        var process = Process.Start(StartInfo(["--data-dir", site, "--urls", url])) ?? throw new InvalidOperationException("Could not start Lianjie.Web.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < StartTimeout)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Lianjie.Web exited with code {process.ExitCode} before it was healthy.");
            try
            {
                using var response = await client.GetAsync(url + "/health");
                if (response.StatusCode == HttpStatusCode.OK)
                    return process;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(50);
        }

        process.Kill();
        throw new TimeoutException("Lianjie.Web was not healthy in time.");
    }

    private async Task RunCliAsync(string[] args)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("Could not start Lianjie.Web.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"Lianjie.Web {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
    }

    private ProcessStartInfo StartInfo(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(webDll)! };
        start.ArgumentList.Add(webDll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal sealed record Round(int Number, TimeSpan KilledAfter, int Acknowledged, int Missing, int InLedger);
}
