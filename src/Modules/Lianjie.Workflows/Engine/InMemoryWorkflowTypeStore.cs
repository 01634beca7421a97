using System.Collections.Concurrent;

namespace Lianjie.Workflows.Engine;

/// <summary>Type store for tests and tooling; keeps JSON copies so callers cannot mutate stored definitions.</summary>
public sealed class InMemoryWorkflowTypeStore : IWorkflowTypeStore
{
    private readonly ConcurrentDictionary<string, string> _documents = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<WorkflowType>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowType>>([.. All()]);

    public Task<WorkflowType?> GetAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_documents.TryGetValue(workflowTypeId, out var json) ? WorkflowJson.Deserialize<WorkflowType>(json) : null);

    public Task SaveAsync(WorkflowType workflowType, CancellationToken cancellationToken = default)
    {
        _documents[workflowType.WorkflowTypeId] = WorkflowJson.Serialize(workflowType);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        _documents.TryRemove(workflowTypeId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<WorkflowType>> FindEnabledByStartActivityAsync(string activityName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<WorkflowType>>(
            [.. All().Where(t => t.IsEnabled && t.StartActivities.Any(a => a.Name == activityName))]);

    private IEnumerable<WorkflowType> All() => _documents.Values.Select(WorkflowJson.Deserialize<WorkflowType>);
}
