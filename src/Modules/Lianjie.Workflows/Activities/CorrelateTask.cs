using System.Text.Json;
using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>Sets the instance's correlation id from a script ("Value"), so later events for that id resume it.</summary>
public sealed class CorrelateTask(IWorkflowScriptEvaluator scriptEvaluator) : TaskActivity
{
    public override string Name => nameof(CorrelateTask);

    public override string Category => "Primitives";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var result = await scriptEvaluator.EvaluateAsync(activityContext.GetExpression("Value") ?? "null", workflowContext);
        workflowContext.CorrelationId = result.Value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var other => other.ToJsonString(),
        };
        return Outcomes("Done");
    }
}
