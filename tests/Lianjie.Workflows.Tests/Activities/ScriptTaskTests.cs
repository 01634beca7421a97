using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Activities;

public sealed class ScriptTaskTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private Task<WorkflowType> AddScriptWorkflowAsync(string script) => _host.AddAsync(new WorkflowBuilder()
        .Start("start", TestEvent.FollowerSubscribed)
        .Activity("script", "ScriptTask", new()
        {
            ["AvailableOutcomes"] = new JsonArray("Vip", "Regular"),
            ["Script"] = WorkflowBuilder.Expr(script),
        })
        .Set("vip", "segment", "'vip'")
        .Set("regular", "segment", "'regular'")
        .Connect("start", "Done", "script")
        .Connect("script", "Vip", "vip")
        .Connect("script", "Regular", "regular")
        .Build());

    [Theory]
    [InlineData(500, "vip")]
    [InlineData(5, "regular")]
    public async Task Script_chooses_the_outcome(int spent, string expectedSegment)
    {
        await AddScriptWorkflowAsync("setProperty('Spent', input('Spent')); setOutcome(input('Spent') > 100 ? 'Vip' : 'Regular');");

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["Spent"] = spent }));

        Assert.Equal(expectedSegment, instance.State.Properties["segment"]!.GetValue<string>());
        Assert.Equal(spent, instance.State.Properties["Spent"]!.GetValue<int>());
        Assert.Equal(WorkflowStatus.Finished, instance.Status);
    }

    [Fact]
    public async Task Script_may_take_several_outcomes()
    {
        await AddScriptWorkflowAsync("setOutcome('Vip'); setOutcome('Regular');");

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        Assert.Contains(instance.ExecutionLog, e => e.ActivityId == "vip");
        Assert.Contains(instance.ExecutionLog, e => e.ActivityId == "regular");
    }

    [Fact]
    public async Task Infinite_loop_faults_the_instance_with_a_timeout_message()
    {
        _host.ConfigureOptions = o => o.ScriptTimeout = TimeSpan.FromMilliseconds(200);
        await AddScriptWorkflowAsync("while (true) { }");

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        var stored = await _host.LoadAsync(instance);
        Assert.Equal(WorkflowStatus.Faulted, stored.Status);
        Assert.Contains("timed out", stored.FaultMessage);
        Assert.Contains("ScriptTask", stored.FaultMessage);
    }

    [Fact]
    public async Task Huge_allocation_faults_the_instance_with_a_memory_message()
    {
        await AddScriptWorkflowAsync("var chunks = []; while (true) { chunks.push('x'.repeat(100000)); }");

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        var stored = await _host.LoadAsync(instance);
        Assert.Equal(WorkflowStatus.Faulted, stored.Status);
        Assert.Contains("memory limit", stored.FaultMessage);
    }
}
