using System.Collections.Concurrent;
using System.Globalization;
using Lianjie.Bench.WeChat;

// WeChat callback benchmark. (a) Throughput: the real /wechat/{appId} endpoint (safe mode: signature,
// msg_signature, AES decryption, follower resolution, durable ledger append before answering) against
// a bare Kestrel endpoint answering "success", same load generator, same run; then the host at half
// its measured maximum, open loop; GET /health as the pipeline's floor and the callback's stages called
// directly (where the time goes). SQLite always, PostgreSQL when LIANJIE_TEST_POSTGRES is set.
// (b) Durability: kill -9 of a separate Lianjie.Web process mid-load; every acknowledged MsgId must be
// in the ledger after restart. Loopback only; stops by itself. Run in Release.
var clients = IntOption("--clients", 32);
var seconds = IntOption("--seconds", 10);
var rounds = IntOption("--kill-rounds", 5);
var followers = IntOption("--followers", 200); // distinct openids the callbacks come from
var warmup = TimeSpan.FromSeconds(IntOption("--warmup", 10)); // tier-1 JIT and the first reactor runs settle first
var only = StringOption("--only"); // throughput | kill
var inv = CultureInfo.InvariantCulture;
var duration = TimeSpan.FromSeconds(seconds);
var postgres = Environment.GetEnvironmentVariable("LIANJIE_TEST_POSTGRES");
Console.WriteLine($"Load average at start: {LoadAverage()}");

var rows = new List<string>();
if (only is null or "throughput")
{
    var account = CallbackFactory.SafeAccount();
    LoadGenerator.Result? bare;
    await using (var endpoint = await BareEndpoint.StartAsync())
    {
        var factory = new CallbackFactory(account, followers, 1_000_000_000_000);
        using var http = LoadGenerator.CreateClient(endpoint.BaseUrl, clients);
        await LoadGenerator.ClosedLoopAsync(http, new ConcurrentQueue<CallbackFactory.Callback>(), factory, clients, TimeSpan.FromSeconds(2));
        Console.WriteLine($"Bare Kestrel: {clients} clients for {seconds} s...");
        bare = await LoadGenerator.ClosedLoopAsync(http, Prepared(factory, 200_000), factory, clients, duration);
        rows.Add(Row("bare Kestrel, \"success\"", "closed loop", bare, null));
    }

    foreach (var provider in new[] { "sqlite", "postgres" })
    {
        if (provider == "postgres" && postgres is null)
        {
            Console.WriteLine("LIANJIE_TEST_POSTGRES is not set: skipping PostgreSQL.");
            continue;
        }

        await using var site = await HostSite.StartAsync(provider == "postgres" ? postgres : null, account);
        var factory = new CallbackFactory(account, followers, provider == "sqlite" ? 2_000_000_000_000 : 3_000_000_000_000);
        using var http = LoadGenerator.CreateClient(site.BaseUrl, clients);
        Console.WriteLine($"Lianjie.Web {provider}: {warmup.TotalSeconds:F0} s warm-up, then {clients} clients for {seconds} s...");
        await LoadGenerator.ClosedLoopAsync(http, new ConcurrentQueue<CallbackFactory.Callback>(), factory, clients, warmup);
        var before = await site.LedgerCountAsync();
        var max = await LoadGenerator.ClosedLoopAsync(http, Prepared(factory, 150_000), factory, clients, duration);
        var appended = await site.LedgerCountAsync() - before;
        rows.Add(Row($"Lianjie.Web safe mode, {provider}", "closed loop", max, bare));
        var half = max.PerSecond / 2;
        Console.WriteLine($"Lianjie.Web {provider}: open loop at {half:F0}/s for {seconds} s...");
        var paced = await LoadGenerator.OpenLoopAsync(http, Prepared(factory, (int)(half * seconds) + 10), factory, half, duration);
        rows.Add(Row($"Lianjie.Web safe mode, {provider}", $"open loop {half.ToString("F0", inv)}/s", paced, bare));
        Console.WriteLine($"  ledger rows appended in the closed-loop phase: {appended:N0} for {max.Latencies.Count - max.Failures:N0} successes");
        Console.WriteLine($"Lianjie.Web {provider}: GET /health, {clients} clients for {seconds} s (the shell pipeline alone)...");
        rows.Add(Row($"Lianjie.Web GET /health, {provider}", "closed loop", await HealthLoopAsync(http, duration), bare));
        Console.WriteLine($"Lianjie.Web {provider}: stages without HTTP, {clients} loops for {seconds} s each...");
        foreach (var (stage, result) in await StageProbe.RunAsync(site.Shells, factory, clients, duration))
            rows.Add(Row($"stage: {stage}, {provider}", "closed loop, no HTTP", result, bare));
        Console.WriteLine($"Lianjie.Web {provider}: callbacks again, {clients} clients for {seconds} s (repeat, after the stages)...");
        rows.Add(Row($"Lianjie.Web safe mode, {provider}", "closed loop, repeat", await LoadGenerator.ClosedLoopAsync(http, Prepared(factory, 150_000), factory, clients, duration), bare));
    }

    Console.WriteLine();
    Console.WriteLine($"WeChat callbacks ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {clients} clients, {seconds} s per phase; load average now {LoadAverage()})");
    Console.WriteLine();
    Console.WriteLine("| target | load | requests | failures | req/s | p50 ms | p99 ms | vs bare | CPU µs/request |");
    Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var row in rows)
        Console.WriteLine(row);
}

if (only is null or "kill")
{
    var webDll = StringOption("--web-dll") ?? FindWebDll();
    Console.WriteLine();
    Console.WriteLine($"kill -9 test: {webDll}, {clients} clients, {rounds} rounds...");
    var kill = new KillTest(webDll, clients, rounds);
    await kill.RunAsync();
    Console.WriteLine();
    Console.WriteLine($"kill -9 durability (SQLite; load average now {LoadAverage()})");
    Console.WriteLine();
    Console.WriteLine("| round | killed s after first ack | acknowledged | missing from ledger after restart |");
    Console.WriteLine("| ---: | ---: | ---: | ---: |");
    foreach (var round in kill.Rounds)
        Console.WriteLine($"| {round.Number} | {round.KilledAfter.TotalSeconds.ToString("F1", inv)} | {round.Acknowledged:N0} | {round.Missing} |");
    Console.WriteLine($"| total | | {kill.Rounds.Sum(r => r.Acknowledged):N0} | {kill.Rounds.Sum(r => r.Missing)} |");
    if (kill.Rounds.Sum(r => r.Missing) > 0)
        Environment.ExitCode = 1;
}

string Row(string target, string load, LoadGenerator.Result result, LoadGenerator.Result? baseline)
{
    foreach (var sample in result.FailureSamples)
        Console.WriteLine($"  failure sample: {sample}");
    var ratio = baseline is null ? "1.00x" : (result.PerSecond / baseline.PerSecond).ToString("P0", inv);
    return $"| {target} | {load} | {result.Latencies.Count:N0} | {result.Failures} | {result.PerSecond.ToString("N0", inv)} | "
        + $"{result.Latencies.Percentile(50).ToString("F2", inv)} | {result.Latencies.Percentile(99).ToString("F2", inv)} | {ratio} | {result.CpuMicrosecondsPerRequest.ToString("N0", inv)} |";
}

async Task<LoadGenerator.Result> HealthLoopAsync(HttpClient http, TimeSpan length)
{
    var results = Enumerable.Range(0, clients).Select(_ => new LoadGenerator.Result()).ToArray();
    var cpu = LoadGenerator.Result.ProcessCpu();
    var watch = System.Diagnostics.Stopwatch.StartNew();
    await Task.WhenAll(results.Select(r => Task.Run(async () =>
    {
        while (watch.Elapsed < length)
        {
            var sent = System.Diagnostics.Stopwatch.GetTimestamp();
            using var response = await http.GetAsync("/health");
            if (!response.IsSuccessStatusCode)
                r.Fail(((int)response.StatusCode).ToString(inv));
            r.Latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(sent));
        }
    })));
    var merged = LoadGenerator.Result.Merge(results, watch.Elapsed);
    merged.Cpu = LoadGenerator.Result.ProcessCpu() - cpu;
    return merged;
}

static ConcurrentQueue<CallbackFactory.Callback> Prepared(CallbackFactory factory, int count) => new(factory.Prepare(count));

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string FindWebDll()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lianjie.sln")))
        dir = dir.Parent;
    if (dir is null)
        throw new InvalidOperationException("Cannot find the repository root; pass --web-dll.");
    var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
    var dll = Path.Combine(dir.FullName, "src/Host/Lianjie.Web/bin", configuration, "net10.0", "Lianjie.Web.dll");
    return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} not found; build Lianjie.Web or pass --web-dll.");
}

int IntOption(string name, int fallback)
{
    var value = StringOption(name);
    return value is null ? fallback : int.Parse(value, CultureInfo.InvariantCulture);
}

string? StringOption(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
