using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>Entry points used by the rest of the site (ledger reactor, timers background task, admin).</summary>
public interface IWorkflowManager
{
    /// <summary>
    /// Resumes halted instances blocked on event <paramref name="eventName"/> (matching correlation), then starts every
    /// enabled type whose start activity is that event (respecting IsSingleton). A failure in one instance never stops the others.
    /// </summary>
    Task<IReadOnlyList<WorkflowInstance>> TriggerEventAsync(string eventName, JsonObject? input = null, string? correlationId = null, CancellationToken cancellationToken = default);

    /// <summary>Starts one instance at <paramref name="startActivityId"/> (default: the first start activity). Null when not started (singleton busy, CanExecute false, unknown activities).</summary>
    Task<WorkflowInstance?> StartWorkflowAsync(WorkflowType workflowType, string? startActivityId = null, JsonObject? input = null, string? correlationId = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a halted instance on one of its blocking activities; <paramref name="input"/> is merged into the instance input.</summary>
    Task<WorkflowInstance> ResumeAsync(WorkflowInstance instance, string activityId, JsonObject? input = null, CancellationToken cancellationToken = default);

    /// <summary>Schedules pending instances for start timers and resumes instances whose timers are due. Call every minute or so.</summary>
    Task<IReadOnlyList<WorkflowInstance>> ProcessTimersAsync(CancellationToken cancellationToken = default);
}
