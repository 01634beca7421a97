using System.Collections.Concurrent;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Store for tests and tooling. Instances are kept as JSON text so every load is a fresh copy,
/// exactly like reading from a database after a restart.
/// </summary>
public sealed class InMemoryWorkflowStore : IWorkflowStore
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    public int Count => _documents.Count;

    public Task SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        _documents[instance.WorkflowId] = WorkflowJson.Serialize(instance);
        return Task.CompletedTask;
    }

    public Task<WorkflowInstance?> GetAsync(string workflowId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryGetValue(workflowId, out var json) ? WorkflowJson.Deserialize<WorkflowInstance>(json) : null);

    public Task DeleteAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        _documents.TryRemove(workflowId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkflowInstance>> ListByTypeAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        Where(i => i.WorkflowTypeId == workflowTypeId);

    public Task<IReadOnlyList<WorkflowInstance>> FindWaitingOnEventAsync(string activityName, string? correlationId, CancellationToken cancellationToken = default) =>
        Where(i => i.Status == WorkflowStatus.Halted
            && i.MatchesCorrelation(correlationId)
            && i.BlockingActivities.Any(b => b.IsEvent && b.Name == activityName));

    public Task<IReadOnlyList<WorkflowInstance>> FindDueTimersAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken = default) =>
        Where(i => i.Status == WorkflowStatus.Halted && i.BlockingActivities.Any(b => b.DueUtc <= nowUtc));

    public Task<bool> HasActiveInstanceAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        Task.FromResult(All().Any(i => i.WorkflowTypeId == workflowTypeId && i.IsActive));

    private Task<IReadOnlyList<WorkflowInstance>> Where(Func<WorkflowInstance, bool> predicate) =>
        Task.FromResult<IReadOnlyList<WorkflowInstance>>([.. All().Where(predicate).OrderBy(i => i.CreatedUtc)]);

    private IEnumerable<WorkflowInstance> All() =>
        _documents.Values.Select(WorkflowJson.Deserialize<WorkflowInstance>);
}
