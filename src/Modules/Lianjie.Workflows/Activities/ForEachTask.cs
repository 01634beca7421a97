using System.Text.Json.Nodes;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>
/// Loops over the array returned by the "Enumerable" script: each pass stores the item in the workflow property
/// named "LoopVariableName" (default "x") and LastResult, then takes "Iterate"; after the last item it takes "Done".
/// Connect the end of the loop body back to this activity.
/// </summary>
public sealed class ForEachTask(IWorkflowScriptEvaluator scriptEvaluator) : TaskActivity
{
    public const string IterateOutcome = "Iterate";
    public const string DoneOutcome = "Done";

    public override string Name => nameof(ForEachTask);

    public override string Category => "Control Flow";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => [IterateOutcome, DoneOutcome];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var state = activityContext.State;

        // The item list is captured on the first pass so changes made by the loop body don't shift iteration.
        if (state["Items"] is not JsonArray items)
        {
            var result = await scriptEvaluator.EvaluateAsync(activityContext.GetExpression("Enumerable") ?? "[]", workflowContext);
            items = result.Value switch
            {
                JsonArray array => array,
                null => [],
                var single => [single.DeepClone()],
            };
            state["Items"] = items;
            state["Index"] = 0;
        }

        var index = state["Index"]?.GetValue<int>() ?? 0;
        if (index >= items.Count)
        {
            state.Remove("Items");
            state.Remove("Index");
            return Outcomes(DoneOutcome);
        }

        var current = items[index]?.DeepClone();
        workflowContext.Properties[activityContext.GetString("LoopVariableName") ?? "x"] = current;
        workflowContext.LastResult = current?.DeepClone();
        state["Index"] = index + 1;
        return Outcomes(IterateOutcome);
    }
}
