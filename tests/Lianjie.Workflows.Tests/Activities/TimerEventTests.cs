using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests.Activities;

public sealed class TimerEventTests : IDisposable
{
    private readonly WorkflowTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Delay_halts_until_due_and_is_found_by_the_store_after_restart()
    {
        await _host.AddAsync(new WorkflowBuilder()
            .Start("start", TestEvent.FollowerSubscribed)
            .Activity("timer", "TimerEvent", new() { ["Delay"] = "00:10:00" })
            .Set("done", "followUp", "true")
            .Connect("start", "Done", "timer")
            .Connect("timer", "Done", "done")
            .Build());
        var startedAt = _host.Clock.GetUtcNow();

        var instance = Assert.Single(await _host.CreateEngine().TriggerEventAsync(TestEvent.FollowerSubscribed));
        Assert.Equal(WorkflowStatus.Halted, instance.Status);
        Assert.Equal(startedAt.AddMinutes(10), Assert.Single(instance.BlockingActivities).DueUtc);

        // A same-named event must not short-circuit a timer.
        Assert.Empty(await _host.CreateEngine().TriggerEventAsync("TimerEvent"));

        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(await _host.Store.FindDueTimersAsync(_host.Clock.GetUtcNow()));
        Assert.Empty(await _host.CreateEngine().ProcessTimersAsync());
        Assert.Equal(WorkflowStatus.Halted, (await _host.LoadAsync(instance)).Status);

        _host.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Single(await _host.Store.FindDueTimersAsync(_host.Clock.GetUtcNow()));
        Assert.Single(await _host.CreateEngine().ProcessTimersAsync());

        var stored = await _host.LoadAsync(instance);
        Assert.Equal(WorkflowStatus.Finished, stored.Status);
        Assert.True(stored.State.Properties["followUp"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Cron_start_timer_starts_the_workflow_on_schedule()
    {
        var type = await _host.AddAsync(new WorkflowBuilder("Every quarter hour")
            .Start("tick", "TimerEvent", new() { ["CronExpression"] = "*/15 * * * *" })
            .Set("work", "ran", "true")
            .Connect("tick", "Done", "work")
            .Build());

        // 10:07 -> a pending instance waits for 10:15.
        Assert.Empty(await _host.CreateEngine().ProcessTimersAsync());
        var pending = Assert.Single(await _host.Store.ListByTypeAsync(type.WorkflowTypeId));
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 15, 0, TimeSpan.Zero), Assert.Single(pending.BlockingActivities).DueUtc);

        _host.Clock.Advance(TimeSpan.FromMinutes(9));
        var fired = Assert.Single(await _host.CreateEngine().ProcessTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, fired.Status);
        Assert.True(fired.State.Properties["ran"]!.GetValue<bool>());
        var next = Assert.Single(await _host.Store.ListByTypeAsync(type.WorkflowTypeId), i => i.Status == WorkflowStatus.Halted);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 10, 30, 0, TimeSpan.Zero), next.BlockingActivities[0].DueUtc);
    }

    [Fact]
    public void Cron_can_follow_a_time_zone()
    {
        var timer = new Lianjie.Workflows.Activities.TimerEvent(_host.Clock);
        var record = new ActivityRecord { Name = "TimerEvent", Properties = new() { ["CronExpression"] = "0 9 * * *", ["TimeZoneId"] = "Asia/Shanghai" } };

        var due = timer.GetNextDueUtc(new ActivityContext(record, []), _host.Clock.GetUtcNow());

        // 10:07 UTC is 18:07 in Shanghai; next 09:00 Shanghai is 01:00 UTC the next day.
        Assert.Equal(new DateTimeOffset(2025, 3, 15, 1, 0, 0, TimeSpan.Zero), due);
    }
}
