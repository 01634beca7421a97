using System.Globalization;
using Lianjie.Bench.Host;

// Host benchmarks: (a) start-up time of Lianjie.Web against a bare ASP.NET Core app, both started as
// processes; (b) shell swaps under HTTP load against the same load without swaps. Loopback only;
// every phase stops by itself. Run in Release.
var runs = IntOption(args, "--runs", 5);
var clients = IntOption(args, "--clients", 50);
var seconds = IntOption(args, "--seconds", 10);
var only = StringOption(args, "--only"); // startup | swap
var features = args.Select((a, i) => (a, i)).Where(x => x.a == "--feature" && x.i + 1 < args.Length).Select(x => args[x.i + 1]).ToList();
var inv = CultureInfo.InvariantCulture;

var repoRoot = FindRepoRoot();
var work = Directory.CreateTempSubdirectory("lianjie-bench-host-").FullName;
try
{
    StartupBenchmark? startup = null;
    if (only is null or "startup")
    {
        startup = new StartupBenchmark(repoRoot, work, runs);
        await startup.RunAsync();
    }

    SwapBenchmark? swap = null;
    if (only is null or "swap")
    {
        swap = new SwapBenchmark(work, clients, TimeSpan.FromSeconds(seconds), features);
        await swap.RunAsync();
    }

    Console.WriteLine();
    Console.WriteLine($"Host benchmarks ({Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version})");
    if (startup is not null)
    {
        Console.WriteLine();
        Console.WriteLine($"Start-up, process start to first 200 on /health, {runs} runs each (polling every 10 ms):");
        Console.WriteLine();
        Console.WriteLine("| app | median ms | min ms | ratio (median) |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine($"| Lianjie.Web (SQLite, blank recipe) | {F(startup.Host.Median)} | {F(startup.Host.Min)} | {(startup.Host.Median / startup.Baseline.Median).ToString("F1", inv)}x |");
        Console.WriteLine($"| bare ASP.NET Core baseline | {F(startup.Baseline.Median)} | {F(startup.Baseline.Min)} | 1.0x |");
        Console.WriteLine();
        Console.WriteLine($"CLI `setup --recipe blank` (not part of the ratio): median {F(startup.Setup.Median)} ms, min {F(startup.Setup.Min)} ms.");
    }

    if (swap is not null)
    {
        var steady = swap.Steady;
        var swapping = swap.Swapping;
        Console.WriteLine();
        Console.WriteLine($"Shell swaps under load: {clients} clients on /health and /login, {seconds} s per phase, toggling {string.Join(", ", swap.Features)}:");
        Console.WriteLine();
        Console.WriteLine("| phase | requests | req/s | failed | p50 ms | p99 ms | swaps |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        PhaseRow("no swaps (baseline)", steady);
        PhaseRow("one change a second", swap.Paced);
        PhaseRow("changes back to back", swapping);
        Console.WriteLine();
        Console.WriteLine("| phase / baseline | p50 | p99 | req/s | enable median ms | disable median ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        RatioRow("one change a second", swap.Paced, steady);
        RatioRow("changes back to back", swapping, steady);
        Console.WriteLine();
        var failures = steady.Failures + swap.Paced.Failures + swapping.Failures;
        Console.WriteLine($"Failed requests: {failures:N0} (goal: 0, {(failures == 0 ? "met" : "NOT met")}).");
        foreach (var sample in steady.FailureSamples.Concat(swap.Paced.FailureSamples).Concat(swapping.FailureSamples))
            Console.WriteLine("  " + sample);
    }
}
finally
{
    try
    {
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
    }
}

void PhaseRow(string name, SwapBenchmark.Phase p) =>
    Console.WriteLine($"| {name} | {p.Latencies.Count:N0} | {p.RequestsPerSecond.ToString("N0", inv)} | {p.Failures:N0} | "
        + $"{F(p.Latencies.Percentile(50), "F2")} | {F(p.Latencies.Percentile(99), "F2")} | {p.Swaps:N0} |");

void RatioRow(string name, SwapBenchmark.Phase p, SwapBenchmark.Phase baseline) =>
    Console.WriteLine($"| {name} | {F(p.Latencies.Percentile(50) / baseline.Latencies.Percentile(50), "F2")}x | "
        + $"{F(p.Latencies.Percentile(99) / baseline.Latencies.Percentile(99), "F2")}x | {F(p.RequestsPerSecond / baseline.RequestsPerSecond, "F2")}x | "
        + $"{F(p.Enables.Median)} | {F(p.Disables.Median)} |");

string F(double value, string format = "F0") => value.ToString(format, inv);

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Lianjie.sln")))
            return dir.FullName;
    }

    throw new InvalidOperationException("Run the benchmark from the repository (Lianjie.sln not found above the output folder).");
}

static int IntOption(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}

static string? StringOption(string[] args, string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
