using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>
/// Halts until the same follower causes a ledger event of type "EventType" (e.g. "event.checked_in");
/// after "TimeoutHours" without one, continues with Timeout instead of Done.
/// </summary>
public sealed class WaitForEventTask(TimeProvider clock) : EventActivity
{
    public override string Name => nameof(WaitForEventTask);

    public override string Category => "CRM";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done", "Timeout"];

    /// <summary>Whether an event of this ledger type is what the configured activity waits for (checked before resuming).</summary>
    public static bool Awaits(ActivityRecord record, string eventType) =>
        string.Equals(new ActivityContext(record, []).GetString("EventType")?.Trim(), eventType, StringComparison.Ordinal);

    public override ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var hours = activityContext.GetNumber("TimeoutHours") ?? 24 * 7;
        var due = clock.GetUtcNow().AddHours(hours);
        activityContext.State["after"] = CrmEventInput.GetPosition(workflowContext.Input);
        activityContext.State["dueUtc"] = due.ToString("O", CultureInfo.InvariantCulture);
        return ValueTask.FromResult(ActivityExecutionResult.Halt(due));
    }

    // First reached: always runs (and halts). Resumed: only by the awaited event or once due.
    public override ValueTask<bool> CanExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(!activityContext.State.ContainsKey("after") || IsAwaitedEvent(workflowContext, activityContext) || IsDue(activityContext));

    public override ValueTask<ActivityExecutionResult> ResumeAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(ActivityExecutionResult.Outcomes(IsAwaitedEvent(workflowContext, activityContext) ? "Done" : "Timeout"));

    private static bool IsAwaitedEvent(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var after = (activityContext.State["after"] as JsonValue)?.GetValue<long>() ?? long.MaxValue;
        return CrmEventInput.GetPosition(workflowContext.Input) > after
            && string.Equals(CrmEventInput.Text(workflowContext.Input[CrmEventInput.EventType]), activityContext.GetString("EventType")?.Trim(), StringComparison.Ordinal);
    }

    private bool IsDue(ActivityContext activityContext) =>
        CrmEventInput.Text(activityContext.State["dueUtc"]) is { } due
        && DateTimeOffset.TryParse(due, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dueUtc)
        && clock.GetUtcNow() >= dueUtc;
}
