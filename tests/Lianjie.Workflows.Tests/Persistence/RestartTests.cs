using System.Text.Json.Nodes;
using Lianjie.Workflows.Tests.Integration;

namespace Lianjie.Workflows.Tests.Persistence;

public class RestartTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_halted_instance_survives_a_restart_and_resumes_on_the_followers_next_event(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var follower = await site.FollowerAsync("oWait");
        var other = await site.FollowerAsync("oOther");
        await site.SaveTypeAsync(new WorkflowBuilder("Reward check-in after registration")
            .Start("registered", "EventRegisteredEvent")
            .Activity("wait", "WaitForEventTask", new JsonObject { ["EventType"] = "event.checked_in", ["TimeoutHours"] = 48 })
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "interaction", ["Amount"] = 10 })
            .Connect("registered", "Done", "wait")
            .Connect("wait", "Done", "points")
            .Build());

        await site.AppendAsync("event.registered", follower, "kidney-lecture");
        await site.CatchUpAsync();
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Halted'"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowBlockingActivities\" WHERE \"ActivityName\" = 'WaitForEventTask' AND \"DueUtc\" IS NOT NULL"));

        await site.Site.RestartAsync();

        // Another follower's check-in must not resume this follower's run.
        await site.AppendAsync("event.checked_in", other, "kidney-lecture");
        await site.CatchUpAsync();
        Assert.Equal(0, await site.PointsEventsAsync(follower));

        await site.AppendAsync("event.checked_in", follower, "kidney-lecture");
        await site.CatchUpAsync();
        Assert.Equal(1, await site.PointsEventsAsync(follower));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished'"));
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowBlockingActivities\""));
    }
}
