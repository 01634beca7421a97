using Lianjie.Workflows.Engine;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Activities;

/// <summary>Default notifier until the host provides a UI one: writes notifications to the log.</summary>
public sealed class LoggingWorkflowNotifier(ILogger<LoggingWorkflowNotifier> logger) : IWorkflowNotifier
{
    public Task NotifyAsync(WorkflowExecutionContext workflowContext, string notificationType, string message, CancellationToken cancellationToken)
    {
        logger.LogInformation("Workflow {WorkflowId} notification ({Type}): {Message}", workflowContext.WorkflowId, notificationType, message);
        return Task.CompletedTask;
    }
}
