using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>One activity placed on a workflow type's canvas, with its configuration.</summary>
public sealed class ActivityRecord
{
    public string ActivityId { get; set; } = "";

    /// <summary>The activity's registered name, e.g. "IfElseTask"; resolved through <see cref="ActivityLibrary"/>.</summary>
    public string Name { get; set; } = "";

    public int X { get; set; }

    public int Y { get; set; }

    public bool IsStart { get; set; }

    /// <summary>Configuration as stored by Orchard (e.g. { "Condition": { "Expression": "..." } }).</summary>
    public JsonObject Properties { get; set; } = [];
}
