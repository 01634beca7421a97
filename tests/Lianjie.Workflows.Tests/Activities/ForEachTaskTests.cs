using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Activities;

public sealed class ForEachTaskTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<WorkflowType> AddAsync() => _host.AddAsync(new WorkflowBuilder()
        .Start("start", TestEvent.FollowerSubscribed)
        .Activity("each", "ForEachTask", new() { ["Enumerable"] = WorkflowBuilder.Expr("input('Items')"), ["LoopVariableName"] = "item" })
        .Activity("body", "ScriptTask", new()
        {
            ["AvailableOutcomes"] = new JsonArray("Done"),
            ["Script"] = WorkflowBuilder.Expr("setProperty('sum', (property('sum') || 0) + property('item').price); setOutcome('Done');"),
        })
        .Set("done", "finished", "true")
        .Connect("start", "Done", "each")
        .Connect("each", "Iterate", "body")
        .Connect("body", "Done", "each")
        .Connect("each", "Done", "done")
        .Build());

    [Fact]
    public async Task Iterates_every_item_then_takes_done()
    {
        await AddAsync();
        var items = new JsonArray(new JsonObject { ["price"] = 1 }, new JsonObject { ["price"] = 2 }, new JsonObject { ["price"] = 3 }, new JsonObject { ["price"] = 4 });

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["Items"] = items }));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Equal(10, instance.State.Properties["sum"]!.GetValue<int>());
        Assert.True(instance.State.Properties["finished"]!.GetValue<bool>());
        var loop = instance.ExecutionLog.Where(e => e.ActivityId == "each").Select(e => e.Outcomes.Single()).ToList();
        Assert.Equal(["Iterate", "Iterate", "Iterate", "Iterate", "Done"], loop);
        Assert.False(instance.State.ActivityStates.ContainsKey("each"));
    }

    [Fact]
    public async Task Empty_list_goes_straight_to_done()
    {
        await AddAsync();

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["Items"] = new JsonArray() }));

        Assert.False(instance.State.Properties.ContainsKey("sum"));
        Assert.True(instance.State.Properties["finished"]!.GetValue<bool>());
    }
}
