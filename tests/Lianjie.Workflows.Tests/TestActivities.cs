using Lianjie.Workflows.Activities;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Tests;

/// <summary>Stand-in for CRM events the lead adds later (subscribe, message received...).</summary>
internal sealed class TestEvent(string name) : EventActivity
{
    public const string FollowerSubscribed = "FollowerSubscribedEvent";
    public const string MessageReceived = "MessageReceivedEvent";

    public override string Name => name;
}

/// <summary>An activity whose code throws, to prove faults stay inside their own workflow.</summary>
internal sealed class ThrowingTask : TaskActivity
{
    public override string Name => nameof(ThrowingTask);

    public override IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => ["Done"];

    public override ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        throw new InvalidOperationException("CRM service unavailable");
}

internal sealed class RecordingNotifier : IWorkflowNotifier
{
    public List<(string Type, string Message)> Notifications { get; } = [];

    public Task NotifyAsync(WorkflowExecutionContext workflowContext, string notificationType, string message, CancellationToken cancellationToken)
    {
        lock (Notifications)
        {
            Notifications.Add((notificationType, message));
        }

        return Task.CompletedTask;
    }
}
