using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>
/// Runs a script ("Script": { "Expression": "..." }) that picks outcomes with setOutcome(name);
/// "AvailableOutcomes" lists what the designer offers. The script's value becomes LastResult.
/// </summary>
public sealed class ScriptTask(IWorkflowScriptEvaluator scriptEvaluator) : TaskActivity
{
    public override string Name => nameof(ScriptTask);

    public override string Category => "Control Flow";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext)
    {
        var outcomes = activityContext.GetStringList("AvailableOutcomes");
        return outcomes.Count > 0 ? outcomes : ["Done"];
    }

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var script = activityContext.GetExpression("Script") ?? "";
        var result = await scriptEvaluator.EvaluateAsync(script, workflowContext);
        workflowContext.LastResult = result.Value;
        return ActivityExecutionResult.Outcomes(result.Outcomes);
    }
}
