using System.Diagnostics;
using Lianjie.Bench;
using Lianjie.Bench.Tags;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Tags.Models;
using Lianjie.Tags.Services;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

// Bulk tagging N followers: the module's set-based paths against a per-row baseline, in one run.
var provider = Option("--provider", "sqlite");
var count = int.Parse(Option("--count", "100000"), System.Globalization.CultureInfo.InvariantCulture);
var baselineCount = int.Parse(Option("--baseline-count", count.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

await using var site = await TestSite.SetUpAsync(provider);
await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.Tags"]);
var ids = await FollowerSeeder.SeedAsync(site, count);
Console.WriteLine($"provider={provider} followers={ids.Count}");
foreach (var name in new[] { "warmup", "bulk", "job", "baseline" })
{
    await WithAsync(sp => sp.GetRequiredService<TagDictionary>().UpsertTagAsync(new TagInput(name, null, null, null, false, null)));
}

// Warm-up: a server that has run a while executes these paths as optimised (tier-1) code; with a
// 1,000-follower warm-up the first timed path still ran partly unoptimised and spent ~25 % of the
// process's CPU in the JIT. --warmup N (default 20,000) tags N followers and waits for the reactors.
var warmup = int.Parse(Option("--warmup", "20000"), System.Globalization.CultureInfo.InvariantCulture);
await WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddManyAsync(ids.Take(Math.Max(1, warmup)).Select(id => new FollowerTagAssignment(id, ["warmup"])).ToList(), new TagChangeOrigin("bench"), false));

await WaitForReactorsAsync();
Console.WriteLine($"warm-up done: {warmup} followers tagged, reactors caught up");

// 1. AddManyAsync over every follower (what an import or a selection does).
var probe = ProbeLatency();
var cpu = CpuSeconds();
var watch = Stopwatch.StartNew();
var result = await WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddManyAsync(ids.Select(id => new FollowerTagAssignment(id, ["bulk"])).ToList(), new TagChangeOrigin("bench"), false));
var bulk = watch.Elapsed;
var bulkCpu = CpuSeconds() - cpu;
Console.WriteLine($"AddManyAsync: applied={result.Applied} in {bulk.TotalSeconds:F2} s, process CPU {bulkCpu:F2} s");
await WaitForReactorsAsync();
var bulkSettled = watch.Elapsed;
var bulkLatency = await probe.StopAsync();
Console.WriteLine($"  projection and search caught up at {bulkSettled.TotalSeconds:F2} s");

// 2. A background job over a filter (every follower), from enqueue to completed.
probe = ProbeLatency();
cpu = CpuSeconds();
watch.Restart();
var job = await WithAsync(sp => sp.GetRequiredService<TagJobService>().EnqueueAsync(TagJobKinds.Add, "job", new FollowerFilter(), null, "bench"));
TagJobRecord? done;
do
{
    await Task.Delay(50);
    done = await WithAsync(sp => sp.GetRequiredService<TagJobService>().FindAsync(job.Id));
}
while (done!.Status is TagJobStatuses.Queued or TagJobStatuses.Running);
var jobTime = watch.Elapsed;
var jobCpu = CpuSeconds() - cpu;
Console.WriteLine($"Job over a filter: {done.Status} done={done.Done} in {jobTime.TotalSeconds:F2} s, process CPU {jobCpu:F2} s");
await WaitForReactorsAsync();
var jobSettled = watch.Elapsed;
var jobLatency = await probe.StopAsync();
Console.WriteLine($"  projection and search caught up at {jobSettled.TotalSeconds:F2} s");

// 3. Baseline: the same rows and events one statement each (per-row INSERT + per-event append), 5,000 per transaction.
var baselineTag = await site.ScalarAsync("SELECT \"Id\" FROM \"Tags\" WHERE \"Name\" = 'baseline'");
watch.Restart();
foreach (var chunk in ids.Take(baselineCount).Chunk(5000))
{
    await WithAsync(async sp =>
    {
        var session = sp.GetRequiredService<DbSession>();
        var ledger = sp.GetRequiredService<IBehaviourLedger>();
        await session.BeginTransactionAsync();
        foreach (var id in chunk)
        {
            await using (var insert = await session.CreateCommandAsync("INSERT INTO \"FollowerTags\" (\"FollowerId\", \"TagId\", \"AppliedUtc\", \"Source\") VALUES (@f, @t, @now, 'bench')"))
            {
                insert.AddParameter("f", id);
                insert.AddParameter("t", baselineTag);
                insert.AddParameter("now", DateTime.UtcNow);
                await insert.ExecuteNonQueryAsync();
            }

            await ledger.AppendInTransactionAsync(session, new BehaviourEventDraft(BehaviourEventTypes.TagAdded, id, "baseline", new System.Text.Json.Nodes.JsonObject { ["tag"] = "baseline", ["source"] = "bench" }));
        }

        await session.CommitAsync();
        return 0;
    });
}

var baseline = watch.Elapsed;
Console.WriteLine($"Baseline per-row: {baselineCount} in {baseline.TotalSeconds:F2} s");
var perRowRate = baselineCount / baseline.TotalSeconds;
Console.WriteLine();
Console.WriteLine("| path | followers | seconds | followers/s | vs per-row baseline | reactors caught up s | probe append p50 / p99 / max ms (n) |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
Row("AddManyAsync (set-based rows + grouped events)", count, bulk, bulkSettled, bulkLatency);
Row("bulk job over a filter (enqueue → completed)", done.Done, jobTime, jobSettled, jobLatency);
Row("baseline: per-row INSERT + per-event append", baselineCount, baseline, null, null);

void Row(string name, int n, TimeSpan time, TimeSpan? settled, Latencies? latency) =>
    Console.WriteLine($"| {name} | {n:N0} | {time.TotalSeconds:F2} | {n / time.TotalSeconds:N0} | {n / time.TotalSeconds / perRowRate:F1}x | " +
        $"{(settled is { } s ? s.TotalSeconds.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) : "")} | " +
        $"{(latency is null ? "" : $"{latency.Median:F0} / {latency.Percentile(99):F0} / {latency.Percentile(100):F0} ({latency.Count})")} |");

// A WeChat callback's durable append every 50 ms while the bulk work runs: it needs the same write lock.
LatencyProbe ProbeLatency()
{
    var stop = new CancellationTokenSource();
    var latencies = new Latencies();
    var task = Task.Run(async () =>
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await WithAsync(sp => sp.GetRequiredService<IBehaviourLedger>().AppendAsync(new BehaviourEventDraft(BehaviourEventTypes.ContentView, ids[n++ % ids.Count], "probe")));
            latencies.Add(Stopwatch.GetElapsedTime(started));
            await Task.Delay(50).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    });
    return new LatencyProbe(async () =>
    {
        stop.Cancel();
        await task;
        return latencies;
    });
}

// Bulk tagging is done for users when the follower rows and the search index show it.
async Task WaitForReactorsAsync()
{
    var last = await site.ScalarAsync("SELECT COALESCE(MAX(\"Position\"), 0) FROM \"LedgerEvents\"");
    while (true)
    {
        var behind = await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerCheckpoints\" WHERE \"Reactor\" IN ('followers.projection', 'followers.search') AND \"Position\" < {last}");
        if (behind == 0)
        {
            return;
        }

        await Task.Delay(50);
    }
}

async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
{
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    return await work(scope.ServiceProvider);
}

// CPU seconds of the whole process (tagging, reactors, search index): steadier than wall time on a shared machine.
static double CpuSeconds()
{
    using var self = Process.GetCurrentProcess();
    return self.TotalProcessorTime.TotalSeconds;
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

internal sealed record LatencyProbe(Func<Task<Latencies>> StopAsync);
