using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>Sends a Liquid "Message" with a "NotificationType" (Success, Information, Warning, Error) to the notifier.</summary>
public sealed class NotifyTask(IWorkflowLiquidEvaluator liquidEvaluator, IWorkflowNotifier notifier) : TaskActivity
{
    public override string Name => nameof(NotifyTask);

    public override string Category => "UI";

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    public override async ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext)
    {
        var message = await liquidEvaluator.RenderAsync(activityContext.GetExpression("Message") ?? "", workflowContext);
        var type = NotificationTypeName(activityContext);
        await notifier.NotifyAsync(workflowContext, type, message, workflowContext.CancellationToken);
        return Outcomes("Done");
    }

    // Orchard stores the enum either by name or by number (Success = 0 ... Error = 3).
    private static string NotificationTypeName(ActivityContext activityContext) => activityContext.GetNumber("NotificationType") switch
    {
        0 => "Success",
        1 => "Information",
        2 => "Warning",
        3 => "Error",
        _ => activityContext.GetString("NotificationType") ?? "Information",
    };
}
