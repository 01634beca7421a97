namespace Lianjie.Workflows.Engine;

/// <summary>Persistence of workflow definitions. The module's database implements this.</summary>
public interface IWorkflowTypeStore
{
    Task<IReadOnlyList<WorkflowType>> ListAsync(CancellationToken cancellationToken = default);

    Task<WorkflowType?> GetAsync(string workflowTypeId, CancellationToken cancellationToken = default);

    Task SaveAsync(WorkflowType workflowType, CancellationToken cancellationToken = default);

    Task DeleteAsync(string workflowTypeId, CancellationToken cancellationToken = default);

    /// <summary>Enabled types having a start activity with this name.</summary>
    Task<IReadOnlyList<WorkflowType>> FindEnabledByStartActivityAsync(string activityName, CancellationToken cancellationToken = default);
}
