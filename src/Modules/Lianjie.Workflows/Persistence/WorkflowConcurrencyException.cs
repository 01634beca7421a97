namespace Lianjie.Workflows.Persistence;

/// <summary>Another run saved the instance since it was loaded; the caller's changes are stale.</summary>
public sealed class WorkflowConcurrencyException(string workflowId)
    : Exception($"Workflow instance {workflowId} was changed by another run; reload and retry.");
