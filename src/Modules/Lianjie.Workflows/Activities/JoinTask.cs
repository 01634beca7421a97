using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>
/// Merges branches. "Mode": 0/"WaitAll" continues once every incoming transition has arrived;
/// 1/"WaitAny" continues on the first arrival and ignores the rest of that round.
/// Arrivals are kept in the activity state, so branches may halt and arrive after a restart.
/// </summary>
public sealed class JoinTask : TaskActivity
{
    public const string JoinedOutcome = "Joined";

    public override string Name => nameof(JoinTask);

    public override string Category => "Control Flow";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => [JoinedOutcome];

    public override ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var expected = workflowContext.WorkflowType.TransitionsInto(activityContext.ActivityId).Select(Key).ToHashSet(StringComparer.Ordinal);
        var arrived = activityContext.State["Arrived"] as JsonArray ?? [];
        activityContext.State["Arrived"] = arrived;
        if (activityContext.IncomingTransition is { } incoming && !arrived.Any(a => a?.GetValue<string>() == Key(incoming)))
        {
            arrived.Add(Key(incoming));
        }

        var allArrived = expected.All(k => arrived.Any(a => a?.GetValue<string>() == k));
        var alreadyFired = activityContext.State["Fired"]?.GetValue<bool>() == true;
        var fire = IsWaitAny(activityContext) ? !alreadyFired : allArrived;

        if (allArrived)
        {
            // Round complete: reset so the join works again inside loops.
            activityContext.State.Remove("Arrived");
            activityContext.State.Remove("Fired");
        }
        else if (fire)
        {
            activityContext.State["Fired"] = true;
        }

        return ValueTask.FromResult(fire ? Outcomes(JoinedOutcome) : ActivityExecutionResult.Noop());
    }

    private static bool IsWaitAny(ActivityContext activityContext) =>
        activityContext.GetNumber("Mode") == 1
        || string.Equals(activityContext.GetString("Mode"), "WaitAny", StringComparison.OrdinalIgnoreCase);

    private static string Key(Transition transition) => $"{transition.SourceActivityId}:{transition.SourceOutcomeName}";
}
