using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>
/// Records points as a points.changed ledger event { dimension, amount, reason }; the Referrals
/// module scores from the ledger, so points are never kept twice.
/// </summary>
public sealed class AddPointsTask(IBehaviourLedger ledger, DbSession session, PendingLedgerAppends pending) : CrmTask
{
    public static readonly IReadOnlyList<string> Dimensions = ["propagation", "interaction", "consumption", "self_growth"];

    public override string Name => nameof(AddPointsTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    protected override async ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var dimension = activityContext.GetString("Dimension")?.Trim() ?? string.Empty;
        if (!Dimensions.Contains(dimension))
        {
            return ActivityExecutionResult.Fault($"Dimension must be one of {string.Join(", ", Dimensions)}, not '{dimension}'.");
        }

        var amount = activityContext.GetNumber("Amount") ?? 0;
        var payload = new JsonObject
        {
            ["dimension"] = dimension,
            ["amount"] = amount,
            ["reason"] = activityContext.GetString("Reason") ?? workflowContext.WorkflowType.Name,
            ["workflowTypeId"] = workflowContext.WorkflowType.WorkflowTypeId,
        };
        await AppendAsync(
            ledger,
            session,
            pending,
            new BehaviourEventDraft(BehaviourEventTypes.PointsChanged, followerId, dimension, payload, Source: "workflow", DedupeKey: DedupeKey(workflowContext, activityContext)),
            workflowContext.CancellationToken);
        return Outcomes("Done");
    }
}
