using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>The activity being executed: its configuration, its runtime state and how execution got here.</summary>
public sealed class ActivityContext(ActivityRecord record, JsonObject state, Transition? incomingTransition = null)
{
    public ActivityRecord Record { get; } = record;

    public string ActivityId => Record.ActivityId;

    /// <summary>Configuration from the workflow type (read-only by convention).</summary>
    public JsonObject Properties => Record.Properties;

    /// <summary>Runtime data of this activity inside the current instance; persisted with the instance.</summary>
    public JsonObject State { get; } = state;

    /// <summary>The transition that scheduled this activity; null for the first activity of a run.</summary>
    public Transition? IncomingTransition { get; } = incomingTransition;

    /// <summary>Looks up a property by name, ignoring case (Orchard exports use PascalCase, hand-written JSON may not).</summary>
    public JsonNode? GetProperty(string name)
    {
        if (Properties.TryGetPropertyValue(name, out var exact))
        {
            return exact;
        }

        return Properties.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
    }

    public string? GetString(string name) => GetProperty(name) switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    /// <summary>Reads an Orchard WorkflowExpression ({ "Expression": "..." }); a plain string is accepted too.</summary>
    public string? GetExpression(string name) => GetProperty(name) switch
    {
        JsonObject obj => obj.FirstOrDefault(p => string.Equals(p.Key, "Expression", StringComparison.OrdinalIgnoreCase)).Value is JsonValue v
            && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => null,
    };

    public double? GetNumber(string name) => GetProperty(name) is JsonValue value ? ToNumber(value) : null;

    public bool? GetBoolean(string name) => GetProperty(name) is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String => bool.TryParse(value.GetValue<string>(), out var b) ? b : null,
            _ => null,
        }
        : null;

    /// <summary>Reads a list of strings; a comma-separated string is accepted as well.</summary>
    public IReadOnlyList<string> GetStringList(string name) => GetProperty(name) switch
    {
        JsonArray array => [.. array.Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : n?.ToJsonString() ?? "")],
        JsonValue value when value.GetValueKind() == JsonValueKind.String =>
            value.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    internal static double? ToNumber(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => value.TryGetValue<double>(out var number) ? number : double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        JsonValueKind.String => double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        _ => null,
    };
}
