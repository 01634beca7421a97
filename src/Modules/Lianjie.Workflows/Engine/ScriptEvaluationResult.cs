using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <param name="Value">The completion value converted to JSON (null for undefined/null/functions).</param>
/// <param name="IsTruthy">JavaScript truthiness of the completion value, for conditions.</param>
/// <param name="Outcomes">Outcomes requested by the script through setOutcome(name), in call order.</param>
public sealed record ScriptEvaluationResult(JsonNode? Value, bool IsTruthy, IReadOnlyList<string> Outcomes);
