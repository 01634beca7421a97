using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>Branches on a JavaScript condition (property "Condition": { "Expression": "..." }), using JS truthiness.</summary>
public sealed class IfElseTask(IWorkflowScriptEvaluator scriptEvaluator) : TaskActivity
{
    public const string TrueOutcome = "True";
    public const string FalseOutcome = "False";

    public override string Name => nameof(IfElseTask);

    public override string Category => "Control Flow";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => [TrueOutcome, FalseOutcome];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var condition = activityContext.GetExpression("Condition");
        if (string.IsNullOrWhiteSpace(condition))
        {
            return ActivityExecutionResult.Fault("IfElseTask has no Condition expression.");
        }

        var result = await scriptEvaluator.EvaluateAsync(condition, workflowContext);
        return Outcomes(result.IsTruthy ? TrueOutcome : FalseOutcome);
    }
}
