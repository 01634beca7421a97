using System.Diagnostics;
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

await WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddManyAsync(ids.Take(1000).Select(id => new FollowerTagAssignment(id, ["warmup"])).ToList(), new TagChangeOrigin("bench"), false));

// 1. AddManyAsync over every follower (what an import or a selection does).
var watch = Stopwatch.StartNew();
var result = await WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddManyAsync(ids.Select(id => new FollowerTagAssignment(id, ["bulk"])).ToList(), new TagChangeOrigin("bench"), false));
var bulk = watch.Elapsed;
Console.WriteLine($"AddManyAsync: applied={result.Applied} in {bulk.TotalSeconds:F2} s");

// 2. A background job over a filter (every follower), from enqueue to completed.
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
Console.WriteLine($"Job over a filter: {done.Status} done={done.Done} in {jobTime.TotalSeconds:F2} s");

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
Console.WriteLine();
Console.WriteLine("| path | followers | seconds | followers/s |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Row("AddManyAsync (set-based rows + grouped events)", count, bulk);
Row("bulk job over a filter (enqueue → completed)", done.Done, jobTime);
Row("baseline: per-row INSERT + per-event append", baselineCount, baseline);

void Row(string name, int n, TimeSpan time) =>
    Console.WriteLine($"| {name} | {n:N0} | {time.TotalSeconds:F2} | {n / time.TotalSeconds:N0} |");

async Task<T> WithAsync<T>(Func<IServiceProvider, Task<T>> work)
{
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    return await work(scope.ServiceProvider);
}

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
