// Measures ledger events per second through the "workflows" reactor with 20 enabled rules:
// counters, dispatch, fired-trigger bookkeeping and the rules' own effects (points events).
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Rules;
using Microsoft.Extensions.DependencyInjection;

var provider = Option("--provider", "sqlite");
var eventCount = int.Parse(Option("--events", "20000"), CultureInfo.InvariantCulture);
var followerCount = int.Parse(Option("--followers", "1000"), CultureInfo.InvariantCulture);

await using var site = await TestSite.SetUpAsync(provider);
await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.Workflows"]);
var services = site.ShellHost.Current!.Services;

string[] interests = ["肝病", "肾病", "糖尿病", "高血压", "心脏病"];
await using (var scope = services.CreateAsyncScope())
{
    var rules = scope.ServiceProvider.GetRequiredService<TagRuleService>();
    var types = scope.ServiceProvider.GetRequiredService<Lianjie.Workflows.Engine.IWorkflowTypeStore>();
    var made = new List<TagRule>();
    foreach (var interest in interests)
    {
        // Per interest: one counting rule, one first-read rule, one share rule.
        made.Add(Rule($"{interest} ×3", "ArticleReadEvent", new() { ["InterestTag"] = interest }, 3));
        made.Add(Rule($"{interest} first read", "ArticleReadEvent", new() { ["InterestTag"] = interest }, 1));
        made.Add(Rule($"{interest} share", "ArticleSharedEvent", new() { ["InterestTag"] = interest }, 1));
    }

    made.Add(Rule("Any purchase", "PurchaseEvent", [], 1));
    made.Add(Rule("Big purchase", "PurchaseEvent", new() { ["MinAmount"] = "500" }, 1));
    made.Add(Rule("Kidney lecture", "EventRegisteredEvent", new() { ["Tag"] = "肾病讲座" }, 1));
    made.Add(Rule("Family member", "FormSubmittedEvent", new() { ["Value"] = "父母是患者" }, 1));
    made.Add(Rule("Pharmacy scan", "QrScannedEvent", new() { ["Scene"] = "pharmacy" }, 1));
    foreach (var rule in made)
    {
        rule.IsEnabled = true;
        await types.SaveAsync(rule.ToWorkflowType());
    }

    Console.WriteLine($"rules: {made.Count}");
}

var followers = new List<long>();
await using (var scope = services.CreateAsyncScope())
{
    var directory = scope.ServiceProvider.GetRequiredService<IFollowerDirectory>();
    for (var i = 0; i < followerCount; i++)
    {
        followers.Add((await directory.ResolveAsync(new FollowerKey("bench", "o" + i.ToString(CultureInfo.InvariantCulture)), true))!.Follower.Id);
    }
}

// Skip the setup events (follower creation), then switch the feature off while the events are written,
// so the timed part is the background reactor working through all of them after the feature comes back.
await LedgerReactors.CatchUpAsync(services, WorkflowsReactor.ReactorName);
await site.ShellHost.DisableAsync(["Lianjie.Workflows"]);
services = site.ShellHost.Current!.Services;
var random = new Random(7);
var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
await using (var scope = services.CreateAsyncScope())
{
    var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
    var appends = new List<Task>();
    for (var i = 0; i < eventCount; i++)
    {
        var follower = followers[random.Next(followers.Count)];
        var when = start.AddMinutes(i);
        var roll = random.Next(100);
        var draft = roll switch
        {
            < 60 => new BehaviourEventDraft("content.read", follower, "a" + random.Next(200), new JsonObject { ["interestTags"] = new JsonArray(interests[random.Next(interests.Length)]) }, when),
            < 75 => new BehaviourEventDraft("content.share_open", follower, "a" + random.Next(200), new JsonObject { ["interestTags"] = new JsonArray(interests[random.Next(interests.Length)]) }, when),
            < 85 => new BehaviourEventDraft("commerce.purchase", follower, "p" + random.Next(50), new JsonObject { ["amount"] = random.Next(10, 1000) }, when),
            < 90 => new BehaviourEventDraft("event.registered", follower, "lecture", new JsonObject { ["tags"] = new JsonArray("肾病讲座") }, when),
            < 95 => new BehaviourEventDraft("form.submitted", follower, "signup", new JsonObject { ["fields"] = new JsonObject { ["relation"] = random.Next(2) == 0 ? "父母是患者" : "本人" } }, when),
            _ => new BehaviourEventDraft("wechat.scan", follower, random.Next(2) == 0 ? "pharmacy" : "poster", null, when),
        };
        appends.Add(ledger.AppendAsync(draft));
    }

    await Task.WhenAll(appends);
}

var watch = Stopwatch.StartNew();
await site.ShellHost.EnableAsync(["Lianjie.Workflows"]);
while (true)
{
    await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
    var status = await scope.ServiceProvider.GetRequiredService<LedgerReactors>().StatusAsync();
    var (_, position, last) = status.Single(s => s.Name == WorkflowsReactor.ReactorName);
    if (position == last)
    {
        break;
    }

    await Task.Delay(50);
}

watch.Stop();

var points = await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed'");
var runs = await site.ScalarAsync("SELECT COUNT(*) FROM \"WorkflowInstances\"");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"provider {provider}: {eventCount} events, {followerCount} followers, 20 rules → {runs} workflow runs, {points} points events in {watch.Elapsed.TotalSeconds:0.0} s = {eventCount / watch.Elapsed.TotalSeconds:0} events/s"));
return 0;

static TagRule Rule(string name, string activity, Dictionary<string, string> filters, int count) => new()
{
    Name = name,
    Event = activity,
    Filters = filters,
    Count = count,
    WithinDays = 30,
    PointsDimension = "interaction",
    PointsAmount = 1,
};

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
