using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Delivery;

// CrashOnceTask keeps static state: classes that arm it must not run at the same time.
[Collection(CrashOnceTask.Collection)]
public class ExactlyOnceDeliveryTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_same_event_delivered_twice_and_replayed_after_a_rebuild_fires_once(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var follower = await site.FollowerAsync("oReader");
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Reward reads", "ArticleReadEvent"));

        // A WeChat retry: same dedupe key twice.
        await site.AppendAsync("content.read", follower, "a1", dedupeKey: "read-1");
        await site.AppendAsync("content.read", follower, "a1", dedupeKey: "read-1");
        await site.CatchUpAsync();
        Assert.Equal(1, await site.PointsEventsAsync(follower));

        // A rebuild replays the whole ledger through the reactor: the fired table stops a second run.
        await site.WithScopeAsync(sp => sp.GetRequiredService<LedgerReactors>().RebuildAsync(WorkflowsReactor.ReactorName));
        await site.CatchUpAsync();
        Assert.Equal(1, await site.PointsEventsAsync(follower));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowFiredTriggers\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_crash_after_the_first_action_and_before_the_checkpoint_still_applies_each_action_exactly_once(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider, ProbeManifest.FeatureId);
        var follower = await site.FollowerAsync("oCrash");
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Crash between actions", "ArticleReadEvent", null,
            ("first", "AddPointsTask", new JsonObject { ["Dimension"] = "consumption", ["Amount"] = 1 }),
            ("crash", "CrashOnceTask", null)));
        var crashesBefore = CrashOnceTask.Crashes;
        CrashOnceTask.Armed = true;

        await site.AppendAsync("content.read", follower, "a1");
        await CatchUpThroughCrashAsync(site);

        Assert.Equal(crashesBefore + 1, CrashOnceTask.Crashes);
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed' AND \"Subject\" = 'consumption' AND \"FollowerId\" = {follower}"));
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed' AND \"Subject\" = 'interaction' AND \"FollowerId\" = {follower}"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_failing_workflow_is_rolled_back_retried_and_parked_without_blocking_other_rules(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var follower = await site.FollowerAsync("oFail");
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Healthy rule", "ArticleReadEvent"));

        // Gives points, then throws: the points must be rolled back with the failed run.
        var broken = new WorkflowBuilder("Broken rule")
            .Start("start", "ArticleReadEvent")
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "consumption", ["Amount"] = 1 })
            .Activity("boom", "ScriptTask", new JsonObject { ["Script"] = WorkflowBuilder.Expr("throw new Error('CRM down')") })
            .Connect("start", "Done", "points")
            .Connect("points", "Done", "boom")
            .Build();
        await site.SaveTypeAsync(broken);

        await site.AppendAsync("content.read", follower, "a1");
        await site.CatchUpAsync();

        Assert.Equal(1, await site.PointsEventsAsync(follower));
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Subject\" = 'consumption'"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowDeliveryFailures\" WHERE \"Status\" = 'Retrying' AND \"Attempts\" = 1"));
        Assert.Contains("CRM down", await site.Site.TextAsync("SELECT \"FaultMessage\" FROM \"WorkflowInstances\" WHERE \"Status\" = 'Faulted'"));

        for (var attempt = 2; attempt <= WorkflowDispatcher.MaxAttempts; attempt++)
        {
            await site.CountAsync("UPDATE \"WorkflowDeliveryFailures\" SET \"NextAttemptUtc\" = '2000-01-01 00:00:00' WHERE 1 = 1 RETURNING 0");
            await WorkflowBackgroundService.RetryDueAsync(site.Site.ShellHost.Current!.Services, TimeProvider.System, CancellationToken.None);
        }

        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowDeliveryFailures\" WHERE \"Status\" = 'Parked' AND \"Attempts\" = {WorkflowDispatcher.MaxAttempts}"));
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Subject\" = 'consumption'"));
        Assert.Equal(1, await site.PointsEventsAsync(follower));

        // The reactor kept going: the next event is delivered normally.
        await site.AppendAsync("content.read", follower, "a2");
        await site.CatchUpAsync();
        Assert.Equal(2, await site.PointsEventsAsync(follower));
    }

    [Theory]
    [InlineData("while (true) { }", "timed out")]
    [InlineData("var a = []; while (true) { a.push('x'.repeat(100000)); }", "memory limit")]
    public async Task A_runaway_script_faults_its_instance_with_a_message_and_later_events_still_flow(string script, string message)
    {
        await using var site = await WorkflowSite.StartAsync();
        var follower = await site.FollowerAsync("oLoop");
        await site.SaveTypeAsync(WorkflowSite.PointsRule("Healthy rule", "ArticleReadEvent"));
        await site.SaveTypeAsync(new WorkflowBuilder("Runaway")
            .Start("start", "ArticleReadEvent")
            .Activity("script", "ScriptTask", new JsonObject { ["Script"] = WorkflowBuilder.Expr(script) })
            .Connect("start", "Done", "script")
            .Build());

        await site.AppendAsync("content.read", follower, "a1");
        await site.CatchUpAsync();
        await site.AppendAsync("content.read", follower, "a2");
        await site.CatchUpAsync();

        Assert.Equal(2, await site.PointsEventsAsync(follower));
        Assert.Contains(message, await site.Site.TextAsync("SELECT \"FaultMessage\" FROM \"WorkflowInstances\" WHERE \"Status\" = 'Faulted' ORDER BY \"CreatedUtc\" LIMIT 1"), StringComparison.OrdinalIgnoreCase);
    }

    private static async Task CatchUpThroughCrashAsync(WorkflowSite site)
    {
        // The first batch dies with its connection; the next one (ours or the background loop's) redoes it.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            try
            {
                await site.CatchUpAsync();
                if (CrashOnceTask.Armed is false && await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\"") > 0)
                {
                    return;
                }
            }
            catch (Exception)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail("The workflows reactor never caught up after the simulated crash.");
    }
}
