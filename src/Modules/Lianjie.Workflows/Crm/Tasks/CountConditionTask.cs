using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>
/// "At least Count events for CounterKey within WithinDays days" → True / False, read from the
/// incremental counters (e.g. CounterKey "content.read:interestTag=肝病").
/// </summary>
public sealed class CountConditionTask(FollowerCounters counters, TimeProvider clock) : CrmTask
{
    public override string Name => nameof(CountConditionTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["True", "False"];

    protected override async ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var key = activityContext.GetString("CounterKey")?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return ActivityExecutionResult.Fault("CountConditionTask has no CounterKey.");
        }

        var required = (long)(activityContext.GetNumber("Count") ?? 1);
        var days = (int)(activityContext.GetNumber("WithinDays") ?? 30);
        var until = CrmEventInput.GetOccurredUtc(workflowContext.Input) ?? clock.GetUtcNow().UtcDateTime;
        var count = await counters.CountAsync(followerId, key, days, until, workflowContext.CancellationToken);
        workflowContext.LastResult = count;
        return Outcomes(count >= required ? "True" : "False");
    }
}
