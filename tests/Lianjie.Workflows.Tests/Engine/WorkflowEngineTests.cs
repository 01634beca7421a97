using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Engine;

public sealed class WorkflowEngineTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    /// <summary>Subscribe starts it, it waits for a message from the same follower, then stores the reply.</summary>
    private static WorkflowType WelcomeThenWaitForMessage() => new WorkflowBuilder("Welcome")
        .Start("subscribed", TestEvent.FollowerSubscribed)
        .Set("greet", "greeted", "input('OpenId')")
        .Activity("wait", TestEvent.MessageReceived)
        .Set("reply", "reply", "input('Text')")
        .Connect("subscribed", "Done", "greet")
        .Connect("greet", "Done", "wait")
        .Connect("wait", "Done", "reply")
        .Build();

    [Fact]
    public async Task Halted_workflow_is_persisted_and_resumes_on_its_event_after_a_restart()
    {
        var type = await _host.AddAsync(WelcomeThenWaitForMessage());

        var started = Assert.Single(await _host.CreateEngine().TriggerEventAsync(
            TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "o-1" }, correlationId: "o-1"));

        var halted = await _host.LoadAsync(started);
        Assert.Equal(WorkflowStatus.Halted, halted.Status);
        Assert.Equal("o-1", halted.State.Properties["greeted"]!.GetValue<string>());
        var blocking = Assert.Single(halted.BlockingActivities);
        Assert.Equal(("wait", TestEvent.MessageReceived, true), (blocking.ActivityId, blocking.Name, blocking.IsEvent));

        // "Restart": a brand-new engine and DI container over the same stores.
        var engine = _host.CreateEngine();

        Assert.Empty(await engine.TriggerEventAsync(TestEvent.MessageReceived, new JsonObject { ["Text"] = "not me" }, "o-2"));
        Assert.Equal(WorkflowStatus.Halted, (await _host.LoadAsync(started)).Status);

        var resumed = Assert.Single(await engine.TriggerEventAsync(TestEvent.MessageReceived, new JsonObject { ["Text"] = "你好" }, "o-1"));

        var finished = await _host.LoadAsync(resumed);
        Assert.Equal(WorkflowStatus.Finished, finished.Status);
        Assert.Equal("你好", finished.State.Properties["reply"]!.GetValue<string>());
        Assert.Empty(finished.BlockingActivities);
        Assert.Equal(["subscribed", "greet", "wait", "wait", "reply"], finished.ExecutionLog.Select(e => e.ActivityId));
        Assert.Equal(type.WorkflowTypeId, finished.WorkflowTypeId);
    }

    [Fact]
    public async Task Instance_ids_follow_creation_time_so_the_key_index_only_grows_at_its_end()
    {
        await _host.AddAsync(WelcomeThenWaitForMessage());
        var engine = _host.CreateEngine();
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            _host.Clock.Advance(TimeSpan.FromMilliseconds(3));
            var started = Assert.Single(await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = $"o-{i}" }));
            ids.Add(started.WorkflowId);
        }

        // Random ids put every insert of a reactor batch on a different page of the key index.
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(40, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
    }

    [Fact]
    public async Task Singleton_type_never_has_two_active_instances()
    {
        var singleton = WelcomeThenWaitForMessage();
        singleton.IsSingleton = true;
        await _host.AddAsync(singleton);
        var regular = await _host.AddAsync(WelcomeThenWaitForMessage());
        var engine = _host.CreateEngine();

        await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "a" });
        await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "b" });

        Assert.Single(await _host.Store.ListByTypeAsync(singleton.WorkflowTypeId));
        Assert.Equal(2, (await _host.Store.ListByTypeAsync(regular.WorkflowTypeId)).Count);

        // Once the singleton's instance finishes, a new one may start.
        await engine.TriggerEventAsync(TestEvent.MessageReceived, new JsonObject { ["Text"] = "hi" });
        await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "c" });

        var instances = await _host.Store.ListByTypeAsync(singleton.WorkflowTypeId);
        Assert.Equal(2, instances.Count);
        Assert.Single(instances, i => i.Status == WorkflowStatus.Halted);
    }

    [Fact]
    public async Task Failing_activity_faults_only_its_own_workflow()
    {
        var waiting = await _host.AddAsync(WelcomeThenWaitForMessage());
        var engine = _host.CreateEngine();
        var earlier = Assert.Single(await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "x" }));

        var broken = await _host.AddAsync(new WorkflowBuilder("Broken")
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("boom", "ThrowingTask")
            .Set("after", "reached", "true")
            .Connect("start", "Done", "boom")
            .Connect("boom", "Done", "after")
            .Build());
        var healthy = await _host.AddAsync(new WorkflowBuilder("Healthy")
            .Start("start", TestEvent.FollowerSubscribed)
            .Set("set", "ok", "true")
            .Connect("start", "Done", "set")
            .Build());

        var results = await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "y" });

        var faulted = Assert.Single(results, i => i.WorkflowTypeId == broken.WorkflowTypeId);
        Assert.Equal(WorkflowStatus.Faulted, faulted.Status);
        Assert.Contains("CRM service unavailable", faulted.FaultMessage);
        Assert.Contains("ThrowingTask", faulted.FaultMessage);
        Assert.False((await _host.LoadAsync(faulted)).State.Properties.ContainsKey("reached"));

        var ok = Assert.Single(results, i => i.WorkflowTypeId == healthy.WorkflowTypeId);
        Assert.Equal(WorkflowStatus.Finished, ok.Status);
        Assert.True((await _host.LoadAsync(ok)).State.Properties["ok"]!.GetValue<bool>());

        Assert.Equal(WorkflowStatus.Halted, (await _host.LoadAsync(earlier)).Status);
        Assert.Contains(results, i => i.WorkflowTypeId == waiting.WorkflowTypeId && i.Status == WorkflowStatus.Halted);
    }

    [Fact]
    public async Task Endless_activity_loop_is_stopped_by_the_max_steps_guard()
    {
        _host.ConfigureOptions = o => o.MaxStepsPerRun = 40;
        await _host.AddAsync(new WorkflowBuilder("Loop")
            .Start("start", TestEvent.FollowerSubscribed)
            .Set("count", "n", "(property('n') || 0) + 1")
            .Activity("again", "IfElseTask", new() { ["Condition"] = WorkflowBuilder.Expr("true") })
            .Connect("start", "Done", "count")
            .Connect("count", "Done", "again")
            .Connect("again", "True", "count")
            .Build());

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        var stored = await _host.LoadAsync(instance);
        Assert.Equal(WorkflowStatus.Faulted, stored.Status);
        Assert.Contains("40 activity executions", stored.FaultMessage);
        Assert.Equal(20, stored.State.Properties["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Transition_to_missing_activity_faults_at_runtime()
    {
        await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Connect("start", "Done", "ghost")
            .Build());

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        Assert.Contains("missing activity 'ghost'", instance.FaultMessage);
    }

    [Fact]
    public async Task Finished_instances_are_deleted_when_the_type_asks_for_it()
    {
        var type = await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Set("set", "a", "1")
            .Connect("start", "Done", "set")
            .DeleteFinished()
            .Build());

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        Assert.Empty(await _host.Store.ListByTypeAsync(type.WorkflowTypeId));
    }

    [Fact]
    public async Task Disabled_types_are_not_started()
    {
        var type = WelcomeThenWaitForMessage();
        type.IsEnabled = false;
        await _host.AddAsync(type);

        Assert.Empty(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));
    }

    [Fact]
    public async Task Start_and_resume_can_be_called_directly()
    {
        var type = await _host.AddAsync(WelcomeThenWaitForMessage());
        var engine = _host.CreateEngine();

        var instance = await engine.StartWorkflowAsync(type, "subscribed", new JsonObject { ["OpenId"] = "d" }, "d");
        Assert.NotNull(instance);
        Assert.Equal(WorkflowStatus.Halted, instance.Status);

        await Assert.ThrowsAsync<InvalidOperationException>(() => engine.ResumeAsync(instance, "greet"));

        var resumed = await engine.ResumeAsync(await _host.LoadAsync(instance), "wait", new JsonObject { ["Text"] = "direct" });

        Assert.Equal(WorkflowStatus.Finished, resumed.Status);
        Assert.Equal("direct", resumed.State.Properties["reply"]!.GetValue<string>());
        Assert.Equal("d", resumed.State.Input["OpenId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Correlate_task_binds_the_instance_to_a_follower()
    {
        var type = await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("correlate", "CorrelateTask", new() { ["Value"] = WorkflowBuilder.Expr("input('OpenId')") })
            .Activity("wait", TestEvent.MessageReceived)
            .Connect("start", "Done", "correlate")
            .Connect("correlate", "Done", "wait")
            .Build());
        var engine = _host.CreateEngine();

        var instance = Assert.Single(await engine.TriggerEventAsync(TestEvent.FollowerSubscribed, new JsonObject { ["OpenId"] = "oX" }));

        Assert.Equal("oX", (await _host.LoadAsync(instance)).CorrelationId);
        Assert.Empty(await engine.TriggerEventAsync(TestEvent.MessageReceived, correlationId: "other"));
        Assert.Empty(await engine.TriggerEventAsync(TestEvent.MessageReceived));
        Assert.Single(await engine.TriggerEventAsync(TestEvent.MessageReceived, correlationId: "oX"));
        Assert.Equal(WorkflowStatus.Finished, (await _host.LoadAsync(instance)).Status);
        Assert.Equal(type.WorkflowTypeId, instance.WorkflowTypeId);
    }
}
