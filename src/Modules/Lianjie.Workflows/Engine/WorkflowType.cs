namespace Lianjie.Workflows.Engine;

/// <summary>A workflow definition, in the same JSON shape as Orchard Core's WorkflowType.</summary>
public sealed class WorkflowType
{
    public string WorkflowTypeId { get; set; } = "";

    public string Name { get; set; } = "";

    public bool IsEnabled { get; set; }

    /// <summary>When true, at most one instance may be active (not finished) at a time.</summary>
    public bool IsSingleton { get; set; }

    /// <summary>Milliseconds to wait for the instance lock (kept for Orchard compatibility).</summary>
    public int LockTimeout { get; set; }

    /// <summary>Milliseconds after which an instance lock expires (kept for Orchard compatibility).</summary>
    public int LockExpiration { get; set; }

    public bool DeleteFinishedWorkflows { get; set; }

    public List<ActivityRecord> Activities { get; set; } = [];

    public List<Transition> Transitions { get; set; } = [];

    public ActivityRecord? FindActivity(string activityId) =>
        Activities.FirstOrDefault(a => a.ActivityId == activityId);

    public IEnumerable<ActivityRecord> StartActivities => Activities.Where(a => a.IsStart);

    public IEnumerable<Transition> TransitionsFrom(string activityId, string outcome) =>
        Transitions.Where(t => t.SourceActivityId == activityId && t.SourceOutcomeName == outcome);

    public IEnumerable<Transition> TransitionsInto(string activityId) =>
        Transitions.Where(t => t.DestinationActivityId == activityId);
}
