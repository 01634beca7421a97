using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Activities;

public sealed class NotifyAndLogTaskTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Notify_renders_liquid_message_and_log_task_completes()
    {
        await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("notify", "NotifyTask", new()
            {
                ["NotificationType"] = 2,
                ["Message"] = WorkflowBuilder.Expr("New follower {{ Workflow.Input.Nickname }}"),
            })
            .Activity("log", "LogTask", new() { ["LogLevel"] = "Debug", ["Text"] = WorkflowBuilder.Expr("logged {{ Workflow.Input.Nickname }}") })
            .Connect("start", "Done", "notify")
            .Connect("notify", "Done", "log")
            .Build());

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["Nickname"] = "小红" }));

        Assert.Equal([("Warning", "New follower 小红")], _host.Notifier.Notifications);
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(["Done"], instance.ExecutionLog.Single(e => e.ActivityId == "log").Outcomes);
    }
}
