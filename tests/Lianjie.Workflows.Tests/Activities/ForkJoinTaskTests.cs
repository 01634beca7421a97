using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Activities;

public sealed class ForkJoinTaskTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>Fork into a quick branch and a branch that waits for a message; both meet at a join.</summary>
    private Task<WorkflowType> AddAsync(object mode, bool secondBranchWaits) => _host.AddAsync(new WorkflowBuilder()
        .Start("start", TestEvent.FollowerSubscribed)
        .Activity("fork", "ForkTask", new() { ["Forks"] = new JsonArray("Tag", "Reply") })
        .Set("tag", "a", "1")
        .Activity("wait", secondBranchWaits ? TestEvent.MessageReceived : "SetPropertyTask",
            new() { ["PropertyName"] = "b", ["Value"] = WorkflowBuilder.Expr("2") })
        .Set("b", "b", "2")
        .Activity("join", "JoinTask", new() { ["Mode"] = JsonValue.Create(mode) })
        .Activity("after", "ScriptTask", new()
        {
            ["AvailableOutcomes"] = new JsonArray("Done"),
            ["Script"] = WorkflowBuilder.Expr("setProperty('joins', (property('joins') || 0) + 1); setProperty('sum', property('a') + (property('b') || 0)); setOutcome('Done');"),
        })
        .Connect("start", "Done", "fork")
        .Connect("fork", "Tag", "tag")
        .Connect("fork", "Reply", "wait")
        .Connect("wait", "Done", "b")
        .Connect("tag", "Done", "join")
        .Connect("b", "Done", "join")
        .Connect("join", "Joined", "after")
        .Build());

    [Fact]
    public async Task Join_waits_for_all_branches()
    {
        await AddAsync(0, secondBranchWaits: false);

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(1, instance.State.Properties["joins"]!.GetValue<int>());
        Assert.Equal(3, instance.State.Properties["sum"]!.GetValue<int>());
    }

    [Fact]
    public async Task Wait_all_join_holds_until_a_halted_branch_resumes_after_restart()
    {
        await AddAsync("WaitAll", secondBranchWaits: true);

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));
        Assert.Equal(WorkflowStatus.Halted, instance.Status);
        Assert.False(instance.State.Properties.ContainsKey("joins"));

        await _host.CreateEngine().TriggerEventAsync(TestEvent.MessageReceived);

        var stored = await _host.LoadAsync(instance);
        Assert.Equal(WorkflowStatus.Finished, stored.Status);
        Assert.Equal(1, stored.State.Properties["joins"]!.GetValue<int>());
        Assert.Equal(3, stored.State.Properties["sum"]!.GetValue<int>());
    }

    [Fact]
    public async Task Wait_any_join_continues_on_the_first_branch_only_once()
    {
        await AddAsync(1, secondBranchWaits: true);

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));
        Assert.Equal(WorkflowStatus.Halted, instance.Status);
        Assert.Equal(1, instance.State.Properties["joins"]!.GetValue<int>());
        Assert.Equal(1, instance.State.Properties["sum"]!.GetValue<int>());

        await _host.CreateEngine().TriggerEventAsync(TestEvent.MessageReceived);

        var stored = await _host.LoadAsync(instance);
        Assert.Equal(WorkflowStatus.Finished, stored.Status);
        Assert.Equal(1, stored.State.Properties["joins"]!.GetValue<int>());
        Assert.Equal(2, stored.State.Properties["b"]!.GetValue<int>());
    }
}
