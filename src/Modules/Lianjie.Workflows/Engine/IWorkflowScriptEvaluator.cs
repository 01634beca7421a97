namespace Lianjie.Workflows.Engine;

/// <summary>Runs sandboxed JavaScript against a workflow instance (conditions, ScriptTask, SetPropertyTask...).</summary>
public interface IWorkflowScriptEvaluator
{
    /// <summary>
    /// Evaluates <paramref name="script"/> and returns the value of its last expression.
    /// Throws <see cref="WorkflowScriptException"/> when the script fails or breaks a sandbox limit.
    /// </summary>
    ValueTask<ScriptEvaluationResult> EvaluateAsync(string script, WorkflowExecutionContext workflowContext);
}
