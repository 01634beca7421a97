namespace Lianjie.Workflows.Engine;

/// <summary>
/// An event that fires on a schedule (e.g. <c>TimerEvent</c>). When it is a start activity, the engine keeps one
/// halted "pending" instance per type waiting for the next due time; <see cref="IWorkflowManager.ProcessTimersAsync"/> fires it.
/// </summary>
public interface IScheduledEvent : IActivity
{
    /// <summary>Next time the event is due after <paramref name="afterUtc"/>, or null when it never fires again.</summary>
    DateTimeOffset? GetNextDueUtc(ActivityContext activityContext, DateTimeOffset afterUtc);
}
