using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Delivery;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Crm.Tasks;

/// <summary>
/// Asks the WeChat module to send a message by appending wechat.message_requested (the outbox):
/// { kind: customer_service, text } or { kind: template, templateId, data, url }. Never calls WeChat
/// inline. Followers opted out of automated marketing get the OptedOut outcome instead.
/// </summary>
public sealed class SendWeChatMessageTask(IBehaviourLedger ledger, DbSession session, PendingLedgerAppends pending, IConsentRegistry consent, IWorkflowLiquidEvaluator liquid) : CrmTask
{
    public const string EventType = "wechat.message_requested";

    public override string Name => nameof(SendWeChatMessageTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done", "OptedOut"];

    protected override async ValueTask<ActivityExecutionResult> ExecuteForAsync(long followerId, WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        if (await consent.IsOptedOutOfAutomationAsync(followerId, workflowContext.CancellationToken))
        {
            return Outcomes("OptedOut");
        }

        var kind = activityContext.GetString("Kind") is "template" ? "template" : "customer_service";
        var payload = new JsonObject { ["kind"] = kind, ["workflowTypeId"] = workflowContext.WorkflowType.WorkflowTypeId };
        if (kind == "template")
        {
            payload["templateId"] = activityContext.GetString("TemplateId");
            payload["data"] = activityContext.GetProperty("Data")?.DeepClone() ?? new JsonObject();
            payload["url"] = activityContext.GetString("Url");
        }
        else
        {
            payload["text"] = await liquid.RenderAsync(activityContext.GetExpression("Text") ?? string.Empty, workflowContext);
        }

        await AppendAsync(
            ledger,
            session,
            pending,
            new BehaviourEventDraft(EventType, followerId, kind, payload, Source: "workflow", DedupeKey: DedupeKey(workflowContext, activityContext)),
            workflowContext.CancellationToken);
        return Outcomes("Done");
    }
}
