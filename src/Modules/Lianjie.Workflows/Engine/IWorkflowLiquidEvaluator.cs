namespace Lianjie.Workflows.Engine;

/// <summary>Renders Liquid text (message bodies, URLs, log lines) with the workflow's data as "Workflow".</summary>
public interface IWorkflowLiquidEvaluator
{
    /// <summary>
    /// Renders <paramref name="template"/>. Available: Workflow.Input.X, Workflow.Properties.X, Workflow.Output.X,
    /// Workflow.LastResult, Workflow.CorrelationId, Workflow.WorkflowId. Output is not HTML-encoded.
    /// Throws <see cref="WorkflowScriptException"/> when the template cannot be parsed or rendered.
    /// </summary>
    ValueTask<string> RenderAsync(string template, WorkflowExecutionContext workflowContext);
}
