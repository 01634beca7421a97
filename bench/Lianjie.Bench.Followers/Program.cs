using System.Diagnostics;
using Lianjie.Bench.Followers;
using Lianjie.Core.Followers;
using Lianjie.Followers.Import;
using Lianjie.Followers.Import.Jobs;
using Lianjie.Followers.Search;
using Lianjie.Followers.Services;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

// Imports N generated followers into a real site (SQLite by default, or PostgreSQL with
// --provider postgres and LIANJIE_TEST_POSTGRES), then times follower searches at that size.
var count = OptionInt("--count", 1_000_000);
var provider = Option("--provider") ?? "sqlite";
var searches = OptionInt("--searches", 1000);
var withTags = args.Contains("--tags"); // needs IFollowerTagService (the Tags module)

Console.WriteLine($"followers bench: N={count:N0}, provider={provider}, tags={withTags}, .NET {Environment.Version}, {Environment.ProcessorCount} cores");
await using var site = await TestSite.SetUpAsync(provider);
await site.ShellHost.EnableAsync(withTags ? ["Lianjie.Followers", "Lianjie.Tags"] : ["Lianjie.Followers"]);
var csv = Path.Combine(site.DataDirectory, "bench.csv");

var watch = Stopwatch.StartNew();
FollowerCsvGenerator.Write(csv, count, withTags);
Console.WriteLine($"generated {new FileInfo(csv).Length / 1048576.0:N1} MiB CSV in {watch.Elapsed.TotalSeconds:N1} s");

// Baseline: read and validate every row, write nothing.
var before = PeakMiB();
watch.Restart();
long valid = 0;
using (var reader = FollowerFileReader.Open(csv))
{
    var validator = new FollowerRowValidator(FollowerColumnMap.FromHeader(reader.Header));
    foreach (var row in reader.ReadRows())
    {
        if (validator.Validate(row).IsValid)
        {
            valid++;
        }
    }
}

var readSeconds = watch.Elapsed.TotalSeconds;
Console.WriteLine($"baseline read+validate: {readSeconds:N1} s ({valid:N0} valid rows), peak {PeakMiB():N0} MiB (was {before:N0})");

// The import itself, chunks of 5,000 rows in one transaction each; search indexing separate.
GC.Collect();
var cpuBefore = CpuSeconds();
watch.Restart();
ImportJobRecord job;
await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
{
    var store = scope.ServiceProvider.GetRequiredService<ImportJobStore>();
    // Added as a draft: the background worker claims pending jobs (and running ones when it starts); this call must be the only runner.
    job = await store.AddAsync(new ImportJobRecord { FileName = "bench.csv", StoredPath = csv, CreatedBy = "bench", CreateUnknownTags = true, Status = ImportJobStatus.Draft });
    var importer = scope.ServiceProvider.GetRequiredService<FollowerImporter>();
    importer.UpdateSearchIndex = false;
    job = await importer.RunAsync(job);
}

var importSeconds = watch.Elapsed.TotalSeconds;
var importCpu = CpuSeconds() - cpuBefore;
var importPeak = PeakMiB();
Console.WriteLine($"import: {importSeconds:N1} s ({job.RowsImported:N0} imported, {job.RowsFailed:N0} failed, {job.Status}; {job.RowsImported / importSeconds:N0} rows/s), process CPU {importCpu:N1} s, process peak {importPeak:N0} MiB");

// The projection and search reactors run alongside the import and are not part of its time; this is
// when they have caught up with the last event (followers' rows and documents final), and the CPU to then.
await WaitForReactorsAsync();
var settledSeconds = watch.Elapsed.TotalSeconds;
var settledCpu = CpuSeconds() - cpuBefore;
Console.WriteLine($"reactors caught up at {settledSeconds:N1} s, process CPU to then {settledCpu:N1} s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

watch.Restart();
await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
{
    var reactor = scope.ServiceProvider.GetServices<Lianjie.Core.Ledger.ILedgerReactor>().OfType<FollowerSearchReactor>().Single();
    await reactor.ResetAsync(CancellationToken.None);
}

Console.WriteLine($"search index rebuild from the table: {watch.Elapsed.TotalSeconds:N1} s, process peak {PeakMiB():N0} MiB");

// Searches through FollowerList (the API's path): index query + loading the page's rows.
string[] queries = ["王伟", "杭州", "李 上海", "张娜 北京", "刘", "深圳 陈", "秀英", "成都"];
var latencies = new List<double>();
await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
{
    var list = scope.ServiceProvider.GetRequiredService<FollowerList>();
    for (var i = 0; i < searches + 100; i++)
    {
        var started = Stopwatch.GetTimestamp();
        var (items, total) = await list.ListAsync(new FollowerListQuery(new FollowerFilter(Text: queries[i % queries.Length]), Take: 50));
        if (i >= 100)
        {
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        if (i < queries.Length)
        {
            Console.WriteLine($"  q={queries[i],-8} total={total:N0} page={items.Count}");
        }
    }
}

latencies.Sort();
double P(double p) => latencies[Math.Clamp((int)Math.Ceiling(p / 100 * latencies.Count) - 1, 0, latencies.Count - 1)];
Console.WriteLine($"search via FollowerList (index + rows), {latencies.Count} queries: p50 {P(50):N2} ms, p99 {P(99):N2} ms, mean {latencies.Average():N2} ms");
Console.WriteLine($"RESULT provider={provider} n={count} read_validate_s={readSeconds:F1} import_s={importSeconds:F1} import_cpu_s={importCpu:F1} settled_s={settledSeconds:F1} settled_cpu_s={settledCpu:F1} import_peak_mib={importPeak:F0} search_p50_ms={P(50):F2} search_p99_ms={P(99):F2}");

async Task WaitForReactorsAsync()
{
    var last = await site.ScalarAsync("SELECT COALESCE(MAX(\"Position\"), 0) FROM \"LedgerEvents\"");
    while (await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerCheckpoints\" WHERE \"Reactor\" IN ('followers.projection', 'followers.search') AND \"Position\" < {last}") > 0)
    {
        await Task.Delay(50);
    }

    await site.ShellHost.Current!.Services.GetRequiredService<FollowerIndexQueue>().FlushAsync();
}

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
int OptionInt(string name, int fallback) => int.TryParse(Option(name), out var v) ? v : fallback;
// CPU seconds of the whole process (importer, reactors, search index): steadier than wall time on a shared machine.
static double CpuSeconds()
{
    using var self = Process.GetCurrentProcess();
    return self.TotalProcessorTime.TotalSeconds;
}

static double PeakMiB()
{
    using var self = Process.GetCurrentProcess();
    self.Refresh();
    return self.PeakWorkingSet64 / 1048576.0;
}
