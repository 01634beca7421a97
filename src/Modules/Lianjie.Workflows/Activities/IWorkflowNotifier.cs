using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Activities;

/// <summary>Where NotifyTask messages go (admin notifications in the host; a recorder in tests).</summary>
public interface IWorkflowNotifier
{
    Task NotifyAsync(WorkflowExecutionContext workflowContext, string notificationType, string message, CancellationToken cancellationToken);
}
