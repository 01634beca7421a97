using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>
/// Waits for a time. Properties: "Delay" (TimeSpan text like "00:30:00", Lianjie addition) or "CronExpression"
/// (5-field, default every 5 minutes, Orchard's property), optional "StartAtUtc" and "TimeZoneId" (cron evaluated
/// in that zone, e.g. "Asia/Shanghai"). As a start activity it starts the workflow on schedule.
/// </summary>
public sealed class TimerEvent(TimeProvider timeProvider) : EventActivity, IScheduledEvent
{
    public const string EventName = nameof(TimerEvent);
    public const string DefaultCron = "*/5 * * * *";

    public override string Name => EventName;

    public override string Category => "Background";

    public override ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var due = GetNextDueUtc(activityContext, timeProvider.GetUtcNow());
        if (due is null)
        {
            return ValueTask.FromResult(ActivityExecutionResult.Fault("TimerEvent schedule never fires."));
        }

        activityContext.State["DueUtc"] = due.Value;
        return ValueTask.FromResult(ActivityExecutionResult.Halt(due));
    }

    public override ValueTask<ActivityExecutionResult> ResumeAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        // A pending start timer has no state: the engine only resumes it once due.
        var due = activityContext.State["DueUtc"]?.GetValue<DateTimeOffset>();
        if (due is not null && timeProvider.GetUtcNow() < due)
        {
            return ValueTask.FromResult(ActivityExecutionResult.Halt(due));
        }

        activityContext.State.Remove("DueUtc");
        return ValueTask.FromResult(ActivityExecutionResult.Outcomes(DoneOutcome));
    }

    public DateTimeOffset? GetNextDueUtc(ActivityContext activityContext, DateTimeOffset afterUtc)
    {
        var startAt = activityContext.GetString("StartAtUtc") is { } text && DateTimeOffset.TryParse(text, out var parsed) ? parsed : (DateTimeOffset?)null;
        var from = startAt > afterUtc ? startAt.Value : afterUtc;

        if (activityContext.GetString("Delay") is { Length: > 0 } delayText)
        {
            return TimeSpan.TryParse(delayText, System.Globalization.CultureInfo.InvariantCulture, out var delay)
                ? from + delay
                : throw new FormatException($"TimerEvent Delay '{delayText}' is not a time span (hh:mm:ss).");
        }

        var schedule = CronSchedule.Parse(activityContext.GetString("CronExpression") ?? DefaultCron);
        var zone = activityContext.GetString("TimeZoneId") is { Length: > 0 } zoneId ? TimeZoneInfo.FindSystemTimeZoneById(zoneId) : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(from, zone).DateTime;
        var next = schedule.GetNextOccurrence(DateTime.SpecifyKind(local, DateTimeKind.Unspecified));
        return next is null ? null : new DateTimeOffset(next.Value, zone.GetUtcOffset(next.Value)).ToUniversalTime();
    }
}
