namespace Lianjie.Workflows.Engine;

/// <summary>Base for activities that do work and move on immediately.</summary>
public abstract class TaskActivity : IActivity
{
    public abstract string Name { get; }

    public virtual string Category => "General";

    public bool IsEvent => false;

    public abstract IEnumerable<string> GetPossibleOutcomes(ActivityContext activityContext);

    public virtual ValueTask<bool> CanExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ValueTask.FromResult(true);

    public abstract ValueTask<ActivityExecutionResult> ExecuteAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext);

    // Tasks are never blocking, so a resume simply executes them.
    public ValueTask<ActivityExecutionResult> ResumeAsync(WorkflowExecutionContext workflowContext, ActivityContext activityContext) =>
        ExecuteAsync(workflowContext, activityContext);

    protected static ActivityExecutionResult Outcomes(params string[] outcomes) => ActivityExecutionResult.Outcomes(outcomes);
}
