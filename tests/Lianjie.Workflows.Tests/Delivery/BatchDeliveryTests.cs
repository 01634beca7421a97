using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Delivery;

/// <summary>
/// The reactor works per batch: these append several events in one transaction, so one reactor
/// batch sees them all, and pin what set-based delivery must keep.
/// </summary>
public class BatchDeliveryTests
{
    private static readonly DateTime Day0 = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_batch_with_one_faulting_run_fires_every_other_run_exactly_once_and_records_only_the_fault(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var follower = await site.FollowerAsync("oBatchFault");
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Healthy rule", "ArticleReadEvent"));

        // Consumption points, then a script that throws only for article "boom".
        await site.SaveTypeAsync(new WorkflowBuilder("Sometimes broken")
            .Start("start", "ArticleReadEvent")
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "consumption", ["Amount"] = 1 })
            .Activity("check", "ScriptTask", new JsonObject { ["Script"] = WorkflowBuilder.Expr("if (input('subject') === 'boom') { throw new Error('bad article'); } true") })
            .Connect("start", "Done", "points")
            .Connect("points", "Done", "check")
            .Build());

        await AppendInOneTransactionAsync(site, follower, ("a1", null, Day0), ("boom", null, Day0), ("a3", null, Day0));
        await site.CatchUpAsync();

        Assert.Equal(3, await site.PointsEventsAsync(follower) - await ConsumptionAsync(site, follower));
        Assert.Equal(2, await ConsumptionAsync(site, follower));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowDeliveryFailures\" WHERE \"Status\" = 'Retrying' AND \"Attempts\" = 1"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Faulted'"));
        Assert.Equal(5, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished'"));
        Assert.Equal(6, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowFiredTriggers\""));

        // The batch was redone after the fault: its counters still count each event once.
        Assert.Equal(3, await site.CountAsync($"SELECT SUM(\"Count\") FROM \"WorkflowCounters\" WHERE \"FollowerId\" = {follower} AND \"CounterKey\" = 'content.read'"));

        // A rebuild replays the batch: nothing fires again.
        await site.WithScopeAsync(sp => sp.GetRequiredService<LedgerReactors>().RebuildAsync(WorkflowsReactor.ReactorName));
        await site.CatchUpAsync();
        Assert.Equal(5, await site.PointsEventsAsync(follower));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowDeliveryFailures\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_rule_qualifying_several_times_for_one_follower_in_one_batch_counts_each_event(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var follower = await site.FollowerAsync("oBatchCount");
        var other = await site.FollowerAsync("oBatchOther");
        var liver = new JsonObject { ["interestTags"] = new JsonArray("肝病") };
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Every liver read", "ArticleReadEvent", new JsonObject { ["InterestTag"] = "肝病" }));
        await site.SaveTypeAsync(new WorkflowBuilder("Second liver read")
            .Start("start", "ArticleReadEvent", new JsonObject { ["InterestTag"] = "肝病", ["Count"] = 2, ["WithinDays"] = 30 })
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "consumption", ["Amount"] = 1 })
            .Connect("start", "Done", "points")
            .Build());

        // One read counted in an earlier batch, then three more (and another follower's) in one batch.
        await site.AppendAsync("content.read", follower, "l0", liver, Day0);
        await site.CatchUpAsync();
        await AppendInOneTransactionAsync(site, follower, ("l1", liver, Day0.AddDays(1)), ("l2", liver, Day0.AddDays(2)), ("l3", liver, Day0.AddDays(3)));
        await AppendInOneTransactionAsync(site, other, ("l1", liver, Day0), ("l2", liver, Day0));
        await site.CatchUpAsync();

        // "Reach 2" fires exactly when the count becomes 2: the first read of the batch for one, the second for the other.
        Assert.Equal(1, await ConsumptionAsync(site, follower));
        Assert.Equal(1, await ConsumptionAsync(site, other));
        Assert.Equal(4, await site.PointsEventsAsync(follower) - await ConsumptionAsync(site, follower));
        Assert.Equal(2, await site.PointsEventsAsync(other) - await ConsumptionAsync(site, other));
        Assert.Equal(4, await site.CountAsync($"SELECT SUM(\"Count\") FROM \"WorkflowCounters\" WHERE \"FollowerId\" = {follower} AND \"CounterKey\" = 'content.read:interestTag=肝病'"));
        Assert.Equal(2, await site.CountAsync($"SELECT SUM(\"Count\") FROM \"WorkflowCounters\" WHERE \"FollowerId\" = {other} AND \"CounterKey\" = 'content.read:interestTag=肝病' AND \"Day\" = {Counting.CounterKeys.DayOf(Day0)}"));
    }

    [Fact]
    public async Task A_rule_that_deletes_finished_runs_writes_no_instance_rows_but_still_fires_once()
    {
        await using var site = await WorkflowSite.StartAsync();
        var follower = await site.FollowerAsync("oNoHistory");
        var type = WorkflowSite.PointsRule("No history", "ArticleReadEvent");
        type.DeleteFinishedWorkflows = true;
        await site.SaveTypeAsync(type);

        await AppendInOneTransactionAsync(site, follower, ("a1", null, Day0), ("a2", null, Day0));
        await site.CatchUpAsync();
        await site.WithScopeAsync(sp => sp.GetRequiredService<LedgerReactors>().RebuildAsync(WorkflowsReactor.ReactorName));
        await site.CatchUpAsync();

        Assert.Equal(2, await site.PointsEventsAsync(follower));
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\""));
        Assert.Equal(2, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowFiredTriggers\""));
    }

    [Fact]
    public async Task A_rebuild_recounts_delivered_events_but_starts_nothing_for_them_not_even_for_a_rule_added_since()
    {
        await using var site = await WorkflowSite.StartAsync();
        var follower = await site.FollowerAsync("oRebuild");
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Old rule", "ArticleReadEvent"));
        await AppendInOneTransactionAsync(site, follower, ("a1", null, Day0), ("a2", null, Day0));
        await site.CatchUpAsync();

        await site.SaveTypeAsync(new WorkflowBuilder("New rule")
            .Start("start", "ArticleReadEvent")
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "consumption", ["Amount"] = 1 })
            .Connect("start", "Done", "points")
            .Build());
        await site.WithScopeAsync(sp => sp.GetRequiredService<LedgerReactors>().RebuildAsync(WorkflowsReactor.ReactorName));
        await site.CatchUpAsync();

        Assert.Equal(2, await site.PointsEventsAsync(follower));
        Assert.Equal(0, await ConsumptionAsync(site, follower));
        Assert.Equal(2, await site.CountAsync($"SELECT SUM(\"Count\") FROM \"WorkflowCounters\" WHERE \"FollowerId\" = {follower} AND \"CounterKey\" = 'content.read'"));

        // Past the mark, events are delivered again, to both rules.
        await site.AppendAsync("content.read", follower, "a3", occurredUtc: Day0);
        await site.CatchUpAsync();
        Assert.Equal(4, await site.PointsEventsAsync(follower));
        Assert.Equal(1, await ConsumptionAsync(site, follower));
    }

    private static Task<long> ConsumptionAsync(WorkflowSite site, long follower) =>
        site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed' AND \"Subject\" = 'consumption' AND \"FollowerId\" = {follower}");

    private static Task AppendInOneTransactionAsync(WorkflowSite site, long follower, params (string Subject, JsonObject? Payload, DateTime When)[] reads) =>
        site.WithScopeAsync(async sp =>
        {
            var session = sp.GetRequiredService<DbSession>();
            await session.BeginTransactionAsync();
            var drafts = reads.Select(r => new BehaviourEventDraft("content.read", follower, r.Subject, r.Payload?.DeepClone().AsObject(), r.When, "test")).ToList();
            await sp.GetRequiredService<IBehaviourLedger>().AppendManyInTransactionAsync(session, drafts);
            await session.CommitAsync();
        });
}
