using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>Puts the follower on a named static list ("ListName") that segments and sends can target. Marketing: respects the opt-out.</summary>
public sealed class AddToSegmentListTask(DbSession session, IConsentRegistry consent, TimeProvider clock) : CrmTask
{
    public override string Name => nameof(AddToSegmentListTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done", "OptedOut"];

    protected override async ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var list = activityContext.GetString("ListName")?.Trim();
        if (string.IsNullOrEmpty(list))
        {
            return ActivityExecutionResult.Fault("AddToSegmentListTask has no ListName.");
        }

        if (await consent.IsOptedOutOfAutomationAsync(followerId, workflowContext.CancellationToken))
        {
            return Outcomes("OptedOut");
        }

        await session.ExecuteAsync(
            """
            INSERT INTO "WorkflowSegmentListMembers" ("ListName", "FollowerId", "WorkflowTypeId", "AddedUtc") VALUES (@l, @f, @t, @now)
            ON CONFLICT ("ListName", "FollowerId") DO NOTHING
            """,
            workflowContext.CancellationToken,
            ("l", list),
            ("f", followerId),
            ("t", workflowContext.WorkflowType.WorkflowTypeId),
            ("now", clock.GetUtcNow().UtcDateTime));
        return Outcomes("Done");
    }
}
