using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>Continues on every branch listed in "Forks"; each fork name is an outcome.</summary>
public sealed class ForkTask : TaskActivity
{
    public override string Name => nameof(ForkTask);

    public override string Category => "Control Flow";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => activityContext.GetStringList("Forks");

    public override ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(ActivityExecutionResult.Outcomes(activityContext.GetStringList("Forks")));
}
