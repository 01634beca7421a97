using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>Stores the value of a script ("Value": { "Expression": "..." }) in workflow property "PropertyName".</summary>
public sealed class SetPropertyTask(IWorkflowScriptEvaluator scriptEvaluator) : TaskActivity
{
    public override string Name => nameof(SetPropertyTask);

    public override string Category => "Primitives";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var propertyName = activityContext.GetString("PropertyName");
        if (string.IsNullOrWhiteSpace(propertyName))
        {
            return ActivityExecutionResult.Fault("SetPropertyTask has no PropertyName.");
        }

        var result = await scriptEvaluator.EvaluateAsync(activityContext.GetExpression("Value") ?? "null", workflowContext);
        workflowContext.Properties[propertyName] = result.Value;
        return Outcomes("Done");
    }
}
