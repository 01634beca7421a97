namespace Lianjie.Workflows.Engine;

/// <summary>
/// All activities known to this site, by name. Modules contribute activities by registering
/// <see cref="IActivity"/> services; the library collects them through DI.
/// </summary>
public sealed class ActivityLibrary
{
    private readonly Dictionary<string, IActivity> _activities = new(StringComparer.Ordinal);

    public ActivityLibrary(IEnumerable<IActivity> activities)
    {
        foreach (var activity in activities)
        {
            Register(activity);
        }
    }

    public IReadOnlyCollection<IActivity> Activities => _activities.Values;

    /// <summary>Adds or replaces an activity; the last registration of a name wins so a module can override a generic one.</summary>
    public void Register(IActivity activity) => _activities[activity.Name] = activity;

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IActivity? activity) =>
        _activities.TryGetValue(name, out activity);

    public IActivity? Find(string name) => _activities.GetValueOrDefault(name);

    public bool Contains(string name) => _activities.ContainsKey(name);

    /// <summary>Distinct activity names used by the workflow type that no registered activity provides.</summary>
    public IReadOnlyList<string> FindUnknownActivityNames(WorkflowType workflowType)
    {
        // Most calls find none: check without allocating first (the reactor asks once per run).
        foreach (var activity in workflowType.Activities)
        {
            if (!_activities.ContainsKey(activity.Name))
            {
                return [.. workflowType.Activities.Select(a => a.Name).Where(n => !Contains(n)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            }
        }

        return [];
    }
}
