// Workflow delivery through the "workflows" reactor with 20 enabled tag rules.
//   --mode throughput: events/s working through a backlog, statements/event (PostgreSQL), and a
//                      checkpoint-only reactor over the same events as the in-run baseline.
//   --mode latency:    events appended at a steady rate while the reactor runs live; per event the
//                      time from the append returning to its tag being committed (p50/p99).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Bench;
using Lianjie.Bench.Workflows;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Rules;
using Microsoft.Extensions.DependencyInjection;

var mode = Option("--mode", "throughput");
var provider = Option("--provider", "sqlite");
var eventCount = int.Parse(Option("--events", "20000"), CultureInfo.InvariantCulture);
var followerCount = int.Parse(Option("--followers", "1000"), CultureInfo.InvariantCulture);
var rate = int.Parse(Option("--rate", "1000"), CultureInfo.InvariantCulture);
var seconds = int.Parse(Option("--seconds", "20"), CultureInfo.InvariantCulture);
var withTags = Option("--actions", "tags") != "points"; // "points": the workload of the first measurement (no tags)
var warmup = int.Parse(Option("--warmup", "0"), CultureInfo.InvariantCulture); // events run through the reactor untimed first (JIT warm-up), in both modes
var warm = args.Contains("--warm"); // no shell swap: the backlog arrives in one commit while the (warmed-up) reactor runs
var waitFile = Option("--wait-file", ""); // profiling: before the timed part, wait until this file exists (attach a profiler meanwhile)

await using var site = await TestSite.SetUpAsync(provider);
await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.Tags", "Lianjie.Workflows"]);
await BenchRules.CreateTagsAsync(site);
await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
{
    var types = scope.ServiceProvider.GetRequiredService<Lianjie.Workflows.Engine.IWorkflowTypeStore>();
    foreach (var rule in BenchRules.All(withTags))
    {
        await types.SaveAsync(rule.ToWorkflowType());
    }

    Console.WriteLine($"rules: {BenchRules.All(withTags).Count} enabled, each adding {(withTags ? "a tag and points" : "points")}");
}

var followers = await CreateFollowersAsync("o");

// Warm-up events go to followers of their own, so the timed part finds the same untagged followers
// (and does the same tagging work) as a run without warm-up.
var warmupFollowers = warmup > 0 ? await CreateFollowersAsync("w") : followers;

await LedgerReactors.CatchUpAsync(site.ShellHost.Current!.Services, WorkflowsReactor.ReactorName);
var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
Console.WriteLine($"load average (1 min) at start: {load}");
return mode == "latency" ? await LatencyAsync() : await ThroughputAsync();

async Task<int> ThroughputAsync()
{
    // Switch the feature off while the events are written, so the timed part is the background
    // reactor working through all of them after the feature comes back.
    var random = new Random(7);
    var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    if (warm)
    {
        return await WarmThroughputAsync(random, start);
    }

    if (warmup > 0)
    {
        // Untimed: the same path over other events first, so the timed part runs JIT-compiled code (a long-running host's state).
        await site.ShellHost.DisableAsync(["Lianjie.Workflows"]);
        await AppendEventsAsync(random, warmup, start.AddYears(-1), warmupFollowers);
        await site.ShellHost.EnableAsync(["Lianjie.Workflows"]);
        await WaitForCheckpointAsync(await LastPositionAsync());
        Console.WriteLine($"warm-up: {warmup} events through the reactor first (not timed)");
    }

    await site.ShellHost.DisableAsync(["Lianjie.Workflows"]);
    var firstPosition = await LastPositionAsync();
    await AppendEventsAsync(random, eventCount, start, followers);

    // Baseline in the same run: a reactor that only reads the events and moves its checkpoint, same batch size.
    var baseline = Stopwatch.StartNew();
    await CheckpointOnlyReactor.RunAsync(site.ShellHost.Current!.Services, firstPosition, batchSize: 2000);
    baseline.Stop();

    await WaitForFileAsync();

    using var statements = new StatementCounter();
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    await site.ShellHost.EnableAsync(["Lianjie.Workflows"]);
    await WaitForCheckpointAsync(await LastPositionAsync());
    watch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var executed = statements.Count;

    var points = await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed'");
    var tags = await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"Source\" <> 'bench'");
    var runs = await site.ScalarAsync("SELECT COUNT(*) FROM \"WorkflowInstances\"");
    var perSecond = eventCount / watch.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"provider {provider}: {eventCount} events, {followerCount} followers, 20 rules → {runs} runs, {tags} tag.added, {points} points events in {watch.Elapsed.TotalSeconds:0.00} s = {perSecond:0} events/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU used by this process meanwhile: {cpu.TotalSeconds:0.00} s = {eventCount / cpu.TotalSeconds:0} events per CPU-second{(provider == "postgres" ? " (the server's CPU not included)" : " (SQLite runs in process: included)")}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"baseline (checkpoint-only reactor, same events): {baseline.Elapsed.TotalSeconds:0.00} s = {eventCount / baseline.Elapsed.TotalSeconds:0} events/s; workflows take {watch.Elapsed / baseline.Elapsed:0.0}× the baseline"));
    Console.WriteLine(provider == "postgres"
        ? string.Create(CultureInfo.InvariantCulture, $"statements: {executed} traced by Npgsql = {executed / (double)eventCount:0.00} per event (BEGIN/COMMIT/SAVEPOINT not traced)")
        : "statements: counted on PostgreSQL only (Npgsql tracing); SQLite runs the same statements except row-by-row ledger appends");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reference before this change (2026-11-24): SQLite 488 events/s, PostgreSQL 88 events/s → now {perSecond / (provider == "postgres" ? 88 : 488):0.0}×"));
    Console.WriteLine($"load average (1 min) at end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return 0;
}

// Profiling: before the timed part, wait until --wait-file exists (attach a profiler meanwhile).
async Task WaitForFileAsync()
{
    if (waitFile.Length > 0)
    {
        Console.WriteLine($"pid {Environment.ProcessId}: waiting for {waitFile}");
        while (!File.Exists(waitFile))
        {
            await Task.Delay(100);
        }
    }
}

// Same measurement without swapping shells: warm-up events run through the live reactor, then the timed
// events are appended in one transaction, so the reactor (and every other reactor) sees all of them at
// the commit; timed from the commit to the workflows checkpoint passing the last of them.
async Task<int> WarmThroughputAsync(Random random, DateTime start)
{
    if (warmup > 0)
    {
        await AppendEventsAsync(random, warmup, start.AddYears(-1), warmupFollowers);
        await WaitForCheckpointAsync(await LastPositionAsync());
        Console.WriteLine($"warm-up: {warmup} events through the live reactor first (not timed)");
    }

    var firstPosition = await LastPositionAsync();
    var cpuBefore = TimeSpan.Zero;
    var watch = new Stopwatch();
    using var statements = new StatementCounter();
    await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
    {
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
        var drafts = Enumerable.Range(0, eventCount).Select(i => BenchEvents.Next(random, followers, start.AddMinutes(i))).ToList();
        await session.BeginTransactionAsync();
        await ledger.AppendManyInTransactionAsync(session, drafts);
        await WaitForFileAsync();
        cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Start();
        await session.CommitAsync();
    }

    var lastPosition = await LastPositionAsync();
    await WaitForCheckpointAsync(lastPosition);
    watch.Stop();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
    var executed = statements.Count;
    var baseline = Stopwatch.StartNew();
    await CheckpointOnlyReactor.RunAsync(site.ShellHost.Current!.Services, firstPosition, batchSize: 2000);
    baseline.Stop();
    var runs = await site.ScalarAsync("SELECT COUNT(*) FROM \"WorkflowInstances\"");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"provider {provider} (warm: no shell swap, backlog in one commit): {eventCount} events, {followerCount} followers, 20 rules → {runs} runs in all in {watch.Elapsed.TotalSeconds:0.00} s = {eventCount / watch.Elapsed.TotalSeconds:0} events/s"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"CPU used by this process meanwhile: {cpu.TotalSeconds:0.00} s = {eventCount / cpu.TotalSeconds:0} events per CPU-second (all reactors work on the backlog at once)"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"baseline (checkpoint-only reactor, same events, after): {baseline.Elapsed.TotalSeconds:0.00} s = {eventCount / baseline.Elapsed.TotalSeconds:0} events/s"));
    if (provider == "postgres")
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"statements: {executed} traced by Npgsql = {executed / (double)eventCount:0.00} per event"));
    }

    Console.WriteLine($"load average (1 min) at end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return 0;
}

async Task<int> LatencyAsync()
{
    // A host in service has its code compiled and its pages cached: with --warmup, that many events
    // (on other followers, a year back so no rule counts them) go through the live reactor first.
    if (warmup > 0)
    {
        await AppendEventsAsync(new Random(5), warmup, DateTime.UtcNow.AddYears(-1), warmupFollowers);
        await WaitForCheckpointAsync(await LastPositionAsync());
        await WaitForReactorsToSettleAsync();
        Console.WriteLine($"warm-up: {warmup} events through the live reactors first (not timed)");
    }

    // The reactor runs live (background loop); appends come at a steady rate from a few writers.
    var total = rate * seconds;
    var random = new Random(11);
    var appendedAt = new long[total];
    var positions = new long[total];
    var latencies = new Latencies();
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    var clock = Stopwatch.StartNew();
    var measured = new bool[total];
    var latencyByIndex = new double[total];
    var drafts = Enumerable.Range(0, total).Select(i => BenchEvents.Next(random, followers, DateTime.UtcNow)).ToArray();

    // Watches the workflows checkpoint: an event's tag is committed in the same transaction as the move past it.
    var watcherStop = new CancellationTokenSource();
    var watcher = Task.Run(async () =>
    {
        var next = 0;
        while (!watcherStop.IsCancellationRequested)
        {
            var checkpoint = await CheckpointAsync();
            var now = clock.ElapsedTicks;
            // Positions need not follow indexes (concurrent appends): take each event whose position the checkpoint passed.
            for (var i = next; i < total; i++)
            {
                var position = Volatile.Read(ref positions[i]);
                if (position != 0 && position <= checkpoint && !measured[i])
                {
                    measured[i] = true;
                    var latency = TimeSpan.FromSeconds((now - appendedAt[i]) / (double)Stopwatch.Frequency);
                    latencies.Add(latency);
                    latencyByIndex[i] = latency.TotalMilliseconds;
                }
            }

            while (next < total && measured[next])
            {
                next++;
            }

            if (next == total)
            {
                return;
            }

            await Task.Delay(2);
        }
    });

    // Appends start on schedule whether or not earlier ones returned (group commit batches them); each
    // records when it returned. Followers' events keep their order through the ledger's append lock.
    await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
    {
        // One ledger for all appends, as the throughput mode does: the writer group-commits concurrent callers.
        var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
        var pending = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = interval * i;
            if (clock.Elapsed < due)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            pending.Add(Task.Run(async () =>
            {
                var result = await ledger.AppendAsync(drafts[index]);
                appendedAt[index] = clock.ElapsedTicks;
                Volatile.Write(ref positions[index], result.Event.Position);
            }));
        }

        await Task.WhenAll(pending);
    }

    var appendSeconds = clock.Elapsed.TotalSeconds;
    if (await Task.WhenAny(watcher, Task.Delay(TimeSpan.FromSeconds(120))) != watcher)
    {
        await watcherStop.CancelAsync();
        Console.WriteLine("the reactor did not catch up within 120 s of the last append");
    }

    var tags = await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"Source\" <> 'bench'");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"provider {provider}: {total} events at {rate}/s offered ({total / appendSeconds:0}/s achieved) → {tags} tag.added; event-to-tag latency over {latencies.Count} events: p50 {latencies.Median:0.0} ms, p99 {latencies.Percentile(99):0.0} ms, max {latencies.Percentile(100):0.0} ms"));
    // Where in the run the tail sits (JIT warm-up at the start, or stalls spread through it).
    for (var from = 0; from < total; from += rate * 5)
    {
        var window = new Latencies();
        for (var i = from; i < Math.Min(total, from + (rate * 5)); i++)
        {
            if (measured[i])
            {
                window.Add(TimeSpan.FromMilliseconds(latencyByIndex[i]));
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  seconds {from / rate}-{(from / rate) + 5}: p50 {window.Median:0.0} ms, p99 {window.Percentile(99):0.0} ms, max {window.Percentile(100):0.0} ms"));
    }

    Console.WriteLine($"load average (1 min) at end: {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    return 0;
}

async Task AppendEventsAsync(Random random, int count, DateTime start, List<long> to)
{
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
    await Task.WhenAll(Enumerable.Range(0, count).Select(i => ledger.AppendAsync(BenchEvents.Next(random, to, start.AddMinutes(i)))));
}

async Task<List<long>> CreateFollowersAsync(string openIdPrefix)
{
    var ids = new List<long>();
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    var directory = scope.ServiceProvider.GetRequiredService<IFollowerDirectory>();
    for (var i = 0; i < followerCount; i++)
    {
        ids.Add((await directory.ResolveAsync(new FollowerKey("bench", openIdPrefix + i.ToString(CultureInfo.InvariantCulture)), true))!.Follower.Id);
    }

    return ids;
}

async Task<long> CheckpointAsync()
{
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    return await LedgerCheckpoints.GetAsync(scope.ServiceProvider.GetRequiredService<DbSession>(), WorkflowsReactor.ReactorName, CancellationToken.None);
}

// The other reactors (follower projection, search index, tags) work through a warm-up backlog after
// the workflows reactor is done with it; the timed part starts once no checkpoint moved for a second.
async Task WaitForReactorsToSettleAsync()
{
    var last = -1L;
    for (var quiet = 0; quiet < 2;)
    {
        await Task.Delay(500);
        var sum = await site.ScalarAsync("SELECT COALESCE(SUM(\"Position\"), 0) FROM \"LedgerCheckpoints\"");
        quiet = sum == last ? quiet + 1 : 0;
        last = sum;
    }
}

async Task<long> LastPositionAsync()
{
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    return await scope.ServiceProvider.GetRequiredService<IBehaviourLedger>().LastPositionAsync();
}

async Task WaitForCheckpointAsync(long position)
{
    while (await CheckpointAsync() < position)
    {
        await Task.Delay(20);
    }
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
