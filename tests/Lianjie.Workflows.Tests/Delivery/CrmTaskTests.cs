using System.Text.Json.Nodes;
using Lianjie.Testing;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Tests.Integration;

namespace Lianjie.Workflows.Tests.Delivery;

public class CrmTaskTests
{
    [Fact]
    public async Task A_message_goes_to_the_outbox_as_a_ledger_event_and_opted_out_followers_get_none()
    {
        await using var site = await WorkflowSite.StartAsync();
        var reader = await site.FollowerAsync("oMsg");
        var optedOut = await site.FollowerAsync("oOptOut");
        await site.CountAsync($"UPDATE \"Followers\" SET \"AutomationOptOut\" = TRUE WHERE \"Id\" = {optedOut} RETURNING 0");
        await site.SaveTypeAsync(new WorkflowBuilder("Welcome scan").Start("scan", "QrScannedEvent", new JsonObject { ["Scene"] = "pharmacy" })
            .Activity("msg", "SendWeChatMessageTask", new JsonObject { ["Kind"] = "customer_service", ["Text"] = WorkflowBuilder.Expr("欢迎！您来自 {{ Workflow.Input.subject }}") })
            .Activity("list", "AddToSegmentListTask", new JsonObject { ["ListName"] = "药房扫码" })
            .Connect("scan", "Done", "msg")
            .Connect("msg", "Done", "list")
            .Build());

        await site.AppendAsync("wechat.scan", reader, "pharmacy");
        await site.AppendAsync("wechat.scan", reader, "poster");
        await site.AppendAsync("wechat.scan", optedOut, "pharmacy");
        await site.CatchUpAsync();

        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.message_requested'"));
        var payload = JsonNode.Parse((await site.Site.TextAsync($"SELECT \"Payload\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.message_requested' AND \"FollowerId\" = {reader}"))!)!;
        Assert.Equal("customer_service", payload["kind"]!.GetValue<string>());
        Assert.Equal("欢迎！您来自 pharmacy", payload["text"]!.GetValue<string>());
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowSegmentListMembers\" WHERE \"ListName\" = '药房扫码' AND \"FollowerId\" = {reader}"));
        Assert.Equal(0, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowSegmentListMembers\" WHERE \"FollowerId\" = {optedOut}"));
    }

    [Fact]
    public async Task Waiting_for_an_event_times_out_through_the_timer_loop()
    {
        await using var site = await WorkflowSite.StartAsync();
        var follower = await site.FollowerAsync("oNoShow");
        await site.SaveTypeAsync(new WorkflowBuilder("No-show reminder").Start("registered", "EventRegisteredEvent")
            .Activity("wait", "WaitForEventTask", new JsonObject { ["EventType"] = "event.checked_in", ["TimeoutHours"] = 0.0002 })
            .Activity("points", "AddPointsTask", new JsonObject { ["Dimension"] = "interaction", ["Amount"] = -1 })
            .Connect("registered", "Done", "wait")
            .Connect("wait", "Timeout", "points")
            .Build());

        await site.AppendAsync("event.registered", follower, "lecture");
        await site.CatchUpAsync();
        Assert.Equal(0, await site.PointsEventsAsync(follower));

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await WorkflowBackgroundService.ProcessTimersAsync(site.Site.ShellHost.Current!.Services, CancellationToken.None);

        Assert.Equal(1, await site.PointsEventsAsync(follower));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished'"));
    }
}
