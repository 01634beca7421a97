using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>A task acting on the follower the workflow runs for (input followerId, else the correlation id).</summary>
public abstract class CrmTask : TaskActivity
{
    public override string Category => "CRM";

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var followerId = CrmEventInput.GetFollowerId(workflowContext.Input)
            ?? (long.TryParse(workflowContext.CorrelationId, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : null);
        return followerId is { } follower
            ? await ExecuteForAsync(follower, workflowContext, activityContext)
            : ActivityExecutionResult.Fault($"{Name} needs a follower: start the workflow with a CRM event.");
    }

    protected abstract ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext);

    /// <summary>
    /// A dedupe key stable across a replay of the same run (instance, activity, trigger position and
    /// how often this activity ran in the instance), so a retried batch never appends twice.
    /// </summary>
    protected static string DedupeKey(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var runs = (activityContext.State["runs"] as JsonValue)?.GetValue<int>() ?? 0;
        activityContext.State["runs"] = runs + 1;
        return string.Create(CultureInfo.InvariantCulture, $"workflow:{workflowContext.WorkflowId}:{activityContext.ActivityId}:{CrmEventInput.GetPosition(workflowContext.Input)}:{runs}");
    }

    /// <summary>
    /// Appends with the rest of the run: collected for the end of a delivery transaction, else in the
    /// caller's transaction, else on its own.
    /// </summary>
    protected static async Task AppendAsync(IBehaviourLedger ledger, DbSession session, PendingLedgerAppends pending, BehaviourEventDraft draft, CancellationToken cancellationToken)
    {
        if (pending.IsCollecting)
        {
            pending.Add(draft);
        }
        else if (session.Transaction is not null)
        {
            await ledger.AppendInTransactionAsync(session, draft, cancellationToken);
        }
        else
        {
            await ledger.AppendAsync(draft, cancellationToken);
        }
    }
}
