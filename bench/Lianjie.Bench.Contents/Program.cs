using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lianjie.Bench;
using Lianjie.Web.Hosting;
using Lianjie.Web.Setup;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// H5 article page benchmark: a site set up in-process with the clinic recipe (SQLite) behind real
// Kestrel on loopback; one HttpClient requests a published article at /h5/{path} sequentially,
// after a warm-up, and records the server's own time (Server-Timing "render") and the client's
// round trip. Baselines in the same run, same host and client: /health (routing plus one
// database round trip) and a static file from the WeChatH5 theme. Run in Release.
var count = IntOption(args, "--count", 2000);
var warmup = IntOption(args, "--warmup", 300);
var inv = CultureInfo.InvariantCulture;

var dataDir = Directory.CreateTempSubdirectory("lianjie-bench-contents-").FullName;
var app = LianjieHost.Build(["--data-dir", dataDir, "--urls", "http://127.0.0.1:0"], b => b.Logging.ClearProviders());
try
{
    var setup = app.Services.GetRequiredService<SiteSetup>();
    var report = await setup.RunAsync(new SetupRequest("康宁肝肾门诊", "Asia/Shanghai", "admin", "Passw0rd!", null, null, "clinic"));
    if (!report.Succeeded)
        throw new InvalidOperationException($"Setup failed: {report.Failure}");
    await app.StartAsync();
    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    using var client = new HttpClient { BaseAddress = new Uri(address) };

    var list = await client.GetStringAsync("/h5");
    var article = Regex.Match(list, "href=\"(/h5/[^\"?]+)\"").Groups[1].Value;
    if (article.Length == 0)
        throw new InvalidOperationException("No published article linked from /h5.");
    var page = await client.GetAsync(article);
    var bytes = (await page.Content.ReadAsByteArrayAsync()).Length;
    Console.WriteLine($"article {Uri.UnescapeDataString(article)}: {(int)page.StatusCode}, {bytes:N0} bytes of HTML");

    var targets = new[] { ("article /h5/{path}", article), ("baseline: /health", "/health"), ("baseline: static file", "/WeChatH5/css/h5.css") };
    foreach (var (_, path) in targets)
    {
        var status = (await client.GetAsync(path)).StatusCode;
        if ((int)status != 200)
            throw new InvalidOperationException($"{path} answered {(int)status}.");
    }

    // Interleaved rounds, so a burst of load from others on the shared machine hits all three alike.
    var results = targets.ToDictionary(t => t.Item1, _ => (Client: new Latencies(), Server: new Latencies()));
    for (var round = 0; round < 2; round++)
    {
        var n = round == 0 ? warmup : count;
        for (var i = 0; i < n; i++)
        {
            foreach (var (name, path) in targets)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (round == 0)
                    continue;
                results[name].Client.Add(elapsed);
                if (ServerMillis(response) is { } server)
                    results[name].Server.Add(TimeSpan.FromMilliseconds(server));
            }
        }
    }

    var baseline = results["baseline: /health"].Client.Median;
    Console.WriteLine();
    Console.WriteLine($"H5 article page, {count:N0} sequential requests each after {warmup:N0} warm-up, SQLite, loopback ({Environment.ProcessorCount} cores, .NET {Environment.Version}); load average {LoadAverage()}");
    Console.WriteLine();
    Console.WriteLine("| request | server p50 ms | server p99 ms | client p50 ms | client p99 ms | client p50 vs /health |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (name, _) in targets)
    {
        var (c, s) = results[name];
        var server = s.Count == 0 ? ("—", "—") : (s.Median.ToString("F2", inv), s.Percentile(99).ToString("F2", inv));
        Console.WriteLine($"| {name} | {server.Item1} | {server.Item2} | {c.Median.ToString("F2", inv)} | {c.Percentile(99).ToString("F2", inv)} | {(c.Median / baseline).ToString("F1", inv)}x |");
    }
}
finally
{
    await app.StopAsync();
    await app.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    try
    {
        Directory.Delete(dataDir, recursive: true);
    }
    catch (IOException)
    {
    }
}

static double? ServerMillis(HttpResponseMessage response) =>
    response.Headers.TryGetValues("Server-Timing", out var values)
    && Regex.Match(string.Join(",", values), @"dur=([0-9.]+)") is { Success: true } m
        ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
        : null;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static int IntOption(string[] args, string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) ? value : fallback;
}
