namespace Lianjie.Workflows.Engine;

/// <summary>
/// Base for events (e.g. "a follower subscribed"). Reached mid-flow it halts the workflow;
/// when the event is triggered the engine calls <see cref="ResumeAsync"/>, which by default continues with "Done".
/// </summary>
public abstract class EventActivity : IActivity
{
    public const string DoneOutcome = "Done";

    public abstract string Name { get; }

    public virtual string Category => "Events";

    public bool IsEvent => true;

    public virtual IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext) => [DoneOutcome];

    public virtual ValueTask<bool> CanExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(true);

    public virtual ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(ActivityExecutionResult.Halt());

    public virtual ValueTask<ActivityExecutionResult> ResumeAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(ActivityExecutionResult.Outcomes(DoneOutcome));
}
