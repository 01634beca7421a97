using System.Text.Json.Nodes;
using Lianjie.Workflows.Rules;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Rules;

public class CountingRuleTests
{
    private static readonly DateTime Day0 = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    private static JsonObject Liver => new() { ["interestTags"] = new JsonArray("肝病") };

    private static TagRule LiverRule() => new()
    {
        Name = "Liver readers",
        Event = "ArticleReadEvent",
        Filters = new() { ["InterestTag"] = "肝病" },
        Count = 3,
        WithinDays = 30,
        PointsDimension = "interaction",
        PointsAmount = 3,
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_liver_rule_fires_on_the_third_liver_read_within_30_days_only(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var three = await site.FollowerAsync("oThree");
        var two = await site.FollowerAsync("oTwo");
        var spread = await site.FollowerAsync("oSpread");
        await SaveEnabledAsync(site, LiverRule());

        await site.AppendAsync("content.read", three, "l1", Liver, Day0);
        await site.AppendAsync("content.read", three, "k1", new JsonObject { ["interestTags"] = new JsonArray("肾病") }, Day0.AddDays(1));
        await site.AppendAsync("content.read", three, "l2", Liver, Day0.AddDays(2));
        await site.AppendAsync("content.read", two, "l1", Liver, Day0);
        await site.AppendAsync("content.read", two, "l2", Liver, Day0.AddDays(3));
        await site.AppendAsync("content.read", spread, "l1", Liver, Day0);
        await site.AppendAsync("content.read", spread, "l2", Liver, Day0.AddDays(20));
        await site.AppendAsync("content.read", spread, "l3", Liver, Day0.AddDays(40));
        await site.CatchUpAsync();
        Assert.Equal(0, await site.PointsEventsAsync(three));

        await site.AppendAsync("content.read", three, "l3", Liver, Day0.AddDays(10));
        await site.AppendAsync("content.read", three, "l4", Liver, Day0.AddDays(11));
        await site.CatchUpAsync();

        Assert.Equal(1, await site.PointsEventsAsync(three));
        Assert.Equal(0, await site.PointsEventsAsync(two));
        Assert.Equal(0, await site.PointsEventsAsync(spread));
        Assert.Equal(4, await site.CountAsync($"SELECT SUM(\"Count\") FROM \"WorkflowCounters\" WHERE \"FollowerId\" = {three} AND \"CounterKey\" = 'content.read:interestTag=肝病'"));
    }

    [Fact]
    public async Task A_dry_run_counts_qualifying_followers_without_applying_and_the_retroactive_apply_runs_once_per_follower()
    {
        await using var site = await WorkflowSite.StartAsync();
        var followers = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            followers.Add(await site.FollowerAsync("oPast" + i));
        }

        // Followers 0 and 1 read three liver articles within 30 days; 2 read two; 3 read three but 40 days apart.
        foreach (var (follower, days) in new[] { (0, new[] { 0, 1, 2 }), (1, new[] { 0, 10, 29 }), (2, new[] { 0, 1 }), (3, new[] { 0, 20, 40 }) })
        {
            foreach (var day in days)
            {
                await site.AppendAsync("content.read", followers[follower], "l" + day, Liver, Day0.AddDays(day));
            }
        }

        await site.CatchUpAsync();
        var type = await site.WithScopeAsync(sp => sp.GetRequiredService<TagRuleService>().SaveAsync(LiverRule()));

        var dryRun = await site.WithScopeAsync(sp => sp.GetRequiredService<TagRuleService>().DryRunAsync(type.WorkflowTypeId));
        Assert.Equal(2, dryRun.Followers);
        Assert.Equal(11, dryRun.EventsScanned);
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed'"));

        var ran = await site.WithScopeAsync(sp => sp.GetRequiredService<TagRuleService>().ApplyRetroactivelyAsync(type.WorkflowTypeId));
        var again = await site.WithScopeAsync(sp => sp.GetRequiredService<TagRuleService>().ApplyRetroactivelyAsync(type.WorkflowTypeId));

        Assert.Equal(2, ran);
        Assert.Equal(0, again);
        Assert.Equal(1, await site.PointsEventsAsync(followers[0]));
        Assert.Equal(1, await site.PointsEventsAsync(followers[1]));
        Assert.Equal(0, await site.PointsEventsAsync(followers[2]));
        Assert.Equal(0, await site.PointsEventsAsync(followers[3]));
    }

    [Fact]
    public async Task Count_condition_task_reads_the_incremental_counters()
    {
        await using var site = await WorkflowSite.StartAsync();
        var follower = await site.FollowerAsync("oCond");
        await site.SaveTypeAsync(new WorkflowBuilder("Kidney sharer")
            .Start("start", "ArticleSharedEvent")
            .Activity("check", "CountConditionTask", new JsonObject { ["CounterKey"] = "content.share_open:interestTag=肾病", ["Count"] = 2, ["WithinDays"] = 7 })
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "propagation", ["Amount"] = 1 })
            .Connect("start", "Done", "check")
            .Connect("check", "True", "points")
            .Build());

        var kidney = new JsonObject { ["interestTags"] = new JsonArray("肾病") };
        await site.AppendAsync("content.share_open", follower, "k1", kidney, Day0);
        await site.CatchUpAsync();
        Assert.Equal(0, await site.PointsEventsAsync(follower));

        await site.AppendAsync("content.share_open", follower, "k2", kidney, Day0.AddDays(3));
        await site.AppendAsync("content.share_open", follower, "k3", kidney, Day0.AddDays(4));
        await site.CatchUpAsync();
        Assert.Equal(2, await site.PointsEventsAsync(follower));
    }

    private static async Task SaveEnabledAsync(WorkflowSite site, TagRule rule)
    {
        rule.IsEnabled = true;
        await site.SaveTypeAsync(rule.ToWorkflowType());
    }
}
