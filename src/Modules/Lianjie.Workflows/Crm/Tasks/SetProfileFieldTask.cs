using Lianjie.Core.Followers;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>Sets profile "Field" to "Value" (Liquid, e.g. {{ Workflow.Input.payload.city }}); an empty value clears it.</summary>
public sealed class SetProfileFieldTask(IFollowerDirectory directory, IWorkflowLiquidEvaluator liquid) : CrmTask
{
    public override string Name => nameof(SetProfileFieldTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    protected override async ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var field = activityContext.GetString("Field");
        if (string.IsNullOrWhiteSpace(field))
        {
            return ActivityExecutionResult.Fault("SetProfileFieldTask has no Field.");
        }

        var value = await liquid.RenderAsync(activityContext.GetExpression("Value") ?? string.Empty, workflowContext);
        await directory.SetProfileFieldAsync(followerId, field.Trim(), value.Length == 0 ? null : value, "workflow:" + workflowContext.WorkflowType.Name, workflowContext.CancellationToken);
        return Outcomes("Done");
    }
}
