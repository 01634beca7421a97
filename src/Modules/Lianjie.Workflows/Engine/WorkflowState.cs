using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>Data carried by a workflow instance between activities and across restarts.</summary>
public sealed class WorkflowState
{
    /// <summary>Input given by the event that started or last resumed the workflow.</summary>
    public JsonObject Input { get; set; } = [];

    /// <summary>Workflow variables (Orchard's "properties"), readable from scripts and Liquid.</summary>
    public JsonObject Properties { get; set; } = [];

    public JsonObject Output { get; set; } = [];

    /// <summary>Result of the last activity that produced one (any JSON value).</summary>
    public JsonNode? LastResult { get; set; }

    /// <summary>Per-activity runtime state (join arrivals, loop index, timer due time), keyed by activity id.</summary>
    public Dictionary<string, JsonObject> ActivityStates { get; set; } = [];
}
