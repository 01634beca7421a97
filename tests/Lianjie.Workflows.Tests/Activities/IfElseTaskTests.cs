using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Activities;

public sealed class IfElseTaskTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Theory]
    [InlineData(10, "high")]
    [InlineData(1, "low")]
    public async Task Branches_on_the_condition(int score, string expectedBranch)
    {
        await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("if", "IfElseTask", new() { ["Condition"] = WorkflowBuilder.Expr("input('Score') > 5") })
            .Set("high", "branch", "'high'")
            .Set("low", "branch", "'low'")
            .Connect("start", "Done", "if")
            .Connect("if", "True", "high")
            .Connect("if", "False", "low")
            .Build());

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["Score"] = score }));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(expectedBranch, instance.State.Properties["branch"]!.GetValue<string>());
        Assert.DoesNotContain(instance.ExecutionLog, e => e.ActivityId == (expectedBranch == "high" ? "low" : "high"));
    }

    [Fact]
    public async Task Script_error_in_condition_faults_with_the_script_message()
    {
        await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("if", "IfElseTask", new() { ["Condition"] = WorkflowBuilder.Expr("nope(") })
            .Connect("start", "Done", "if")
            .Build());

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("IfElseTask", instance.FaultMessage);
    }
}
