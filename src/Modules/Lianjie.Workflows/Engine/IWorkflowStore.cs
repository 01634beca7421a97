namespace Lianjie.Workflows.Engine;

/// <summary>Persistence of workflow instances. The module's database implements this; tests use <see cref="InMemoryWorkflowStore"/>.</summary>
public interface IWorkflowStore
{
    Task SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default);

    Task<WorkflowInstance?> GetAsync(string workflowId, CancellationToken cancellationToken = default);

    Task DeleteAsync(string workflowId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<WorkflowInstance>> ListByTypeAsync(string workflowTypeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Halted instances blocked on an event activity with this name whose correlation matches
    /// (see <see cref="WorkflowInstance.MatchesCorrelation"/>).
    /// </summary>
    Task<IReadOnlyList<WorkflowInstance>> FindWaitingOnEventAsync(string activityName, string? correlationId, CancellationToken cancellationToken = default);

    /// <summary>Halted instances with a blocking activity whose <see cref="BlockingActivity.DueUtc"/> is at or before <paramref name="nowUtc"/>.</summary>
    Task<IReadOnlyList<WorkflowInstance>> FindDueTimersAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken = default);

    /// <summary>True when an instance of the type is still running or halted; used for singleton workflow types.</summary>
    Task<bool> HasActiveInstanceAsync(string workflowTypeId, CancellationToken cancellationToken = default);
}
