using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>The running instance together with its definition; handed to every activity and evaluator.</summary>
public sealed class WorkflowExecutionContext(WorkflowType workflowType, WorkflowInstance instance, CancellationToken cancellationToken = default)
{
    public WorkflowType WorkflowType { get; } = workflowType;

    public WorkflowInstance Instance { get; } = instance;

    public string WorkflowId => Instance.WorkflowId;

    public JsonObject Input => Instance.State.Input;

    public JsonObject Properties => Instance.State.Properties;

    public JsonObject Output => Instance.State.Output;

    public JsonNode? LastResult
    {
        get => Instance.State.LastResult;
        set => Instance.State.LastResult = value;
    }

    public string? CorrelationId
    {
        get => Instance.CorrelationId;
        set => Instance.CorrelationId = value;
    }

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Runtime state of one activity in this instance, created on first use.</summary>
    public JsonObject GetActivityState(string activityId)
    {
        if (!Instance.State.ActivityStates.TryGetValue(activityId, out var state))
        {
            state = [];
            Instance.State.ActivityStates[activityId] = state;
        }

        return state;
    }
}
