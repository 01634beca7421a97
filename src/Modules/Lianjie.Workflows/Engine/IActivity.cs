namespace Lianjie.Workflows.Engine;

/// <summary>
/// A step of a workflow. Implementations are stateless services: configuration comes from
/// <see cref="ActivityContext.Properties"/> and per-instance runtime data from <see cref="ActivityContext.State"/>.
/// </summary>
public interface IActivity
{
    /// <summary>Name stored in workflow JSON, e.g. "IfElseTask". Must be unique in the <see cref="ActivityLibrary"/>.</summary>
    string Name { get; }

    string Category { get; }

    /// <summary>Events can start a workflow and, when reached mid-flow, halt it until the event is triggered.</summary>
    bool IsEvent { get; }

    /// <summary>Outcomes this activity (as configured) can produce; used by the validator and the designer.</summary>
    IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext);

    /// <summary>False skips the activity (for a start event: the workflow is not started).</summary>
    ValueTask<bool> CanExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext);

    ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext);

    /// <summary>Called instead of <see cref="ExecuteAsync"/> when the event this activity waits on (or starts with) occurs.</summary>
    ValueTask<ActivityExecutionResult> ResumeAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext);
}
