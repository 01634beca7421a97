using System.Diagnostics;
using System.Globalization;
using Lianjie.Bench;
using Lianjie.Bench.Search;
using Lianjie.Search.Index;

// Follower search benchmark: builds a folder index of generated followers, then times searches
// against it and against a linear scan of the same documents. Run in Release.
var count = IntOption(args, "--count", 1_000_000);
var queryCount = IntOption(args, "--queries", 2_000);
var baselineCount = IntOption(args, "--baseline-queries", 100);
const int Seed = 20250601;
var inv = CultureInfo.InvariantCulture;

Console.WriteLine($"Generating {count:N0} followers...");
var generator = new FollowerGenerator(Seed);
var followers = new List<FollowerSearchDocument>(count);
for (var id = 1; id <= count; id++)
    followers.Add(generator.Next(id));

var folder = Path.Combine(Path.GetTempPath(), "lianjie-bench-search-" + Guid.NewGuid().ToString("N"));
try
{
    Console.WriteLine($"Indexing into {folder}...");
    var build = Stopwatch.StartNew();
    using (var writer = FollowerSearchIndex.Open(folder))
    {
        writer.Upsert(followers);
        writer.Commit();
    } // closing waits for background merges, so they count as build time
    build.Stop();
    var indexBytes = new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length);

    var open = Stopwatch.StartNew();
    using var index = FollowerSearchIndex.Open(folder);
    var indexed = index.Count;
    open.Stop();

    var queries = BenchQueries.Create(followers, queryCount, Seed + 1);
    foreach (var (_, query) in queries.Take(200))
        index.Search(query); // warm-up: JIT and OS file cache

    Console.WriteLine($"Running {queryCount:N0} index searches...");
    var overall = new Latencies();
    var byKind = new Dictionary<string, Latencies>();
    var totals = new int[queries.Count];
    for (var i = 0; i < queries.Count; i++)
    {
        var (kind, query) = queries[i];
        var watch = Stopwatch.StartNew();
        totals[i] = index.Search(query).Total;
        watch.Stop();
        overall.Add(watch.Elapsed);
        (byKind.TryGetValue(kind, out var l) ? l : byKind[kind] = new Latencies()).Add(watch.Elapsed);
    }

    Console.WriteLine($"Running {baselineCount:N0} linear-scan searches on a sample of the same queries...");
    var baseline = new Latencies();
    var agreeing = 0;
    var stride = Math.Max(1, queries.Count / Math.Max(1, baselineCount));
    for (var i = 0; i < queries.Count && baseline.Count < baselineCount; i += stride)
    {
        var watch = Stopwatch.StartNew();
        var total = LinearScanSearch.Search(followers, queries[i].Query).Total;
        watch.Stop();
        baseline.Add(watch.Elapsed);
        if (total == totals[i])
            agreeing++;
    }

    Console.WriteLine();
    Console.WriteLine($"Follower search, N = {count:N0} ({Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version})");
    Console.WriteLine();
    Console.WriteLine("| measure | value |");
    Console.WriteLine("| --- | --- |");
    Console.WriteLine($"| followers indexed | {indexed:N0} |");
    Console.WriteLine($"| build time (upsert + commit + merges) | {build.Elapsed.TotalSeconds.ToString("F1", inv)} s ({(count / build.Elapsed.TotalSeconds).ToString("N0", inv)} docs/s) |");
    Console.WriteLine($"| index size on disk | {(indexBytes / 1024.0 / 1024.0).ToString("F0", inv)} MiB |");
    Console.WriteLine($"| reopen time | {open.Elapsed.TotalMilliseconds.ToString("F0", inv)} ms |");
    Console.WriteLine();
    Console.WriteLine("| search | queries | p50 ms | p99 ms | mean ms |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
    Row("index, all kinds", overall);
    foreach (var (kind, latencies) in byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        Row($"index, {kind}", latencies);
    Row("linear scan baseline (sample)", baseline);
    Console.WriteLine();
    Console.WriteLine($"Baseline / index: p50 {(baseline.Percentile(50) / overall.Percentile(50)).ToString("N0", inv)}x, "
        + $"p99 {(baseline.Percentile(99) / overall.Percentile(99)).ToString("N0", inv)}x. "
        + $"Totals agreed on {agreeing}/{baseline.Count} sampled queries.");
}
finally
{
    if (Directory.Exists(folder))
        Directory.Delete(folder, recursive: true);
}

void Row(string name, Latencies latencies) =>
    Console.WriteLine($"| {name} | {latencies.Count:N0} | {latencies.Percentile(50).ToString("F2", inv)} | "
        + $"{latencies.Percentile(99).ToString("F2", inv)} | {latencies.Mean.ToString("F2", inv)} |");

static int IntOption(string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
        ? value
        : fallback;
}
