using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Workflows.Engine;

/// <summary>
/// Reads workflow types from Orchard Core recipes: a step { "name": "WorkflowType", "data": [ ... ] }.
/// Recipe variables such as "[js: variables('x')]" are left as-is; resolving them is the recipe executor's job.
/// </summary>
public static class WorkflowRecipeReader
{
    public const string StepName = "WorkflowType";

    /// <summary>Parses one recipe step; returns nothing when the step is not a WorkflowType step.</summary>
    public static IReadOnlyList<WorkflowType> ReadStep(JsonNode step)
    {
        if (step is not JsonObject obj || !IsWorkflowTypeStep(obj))
        {
            return [];
        }

        var data = GetIgnoreCase(obj, "data") as JsonArray ?? [];
        var types = new List<WorkflowType>();
        foreach (var item in data)
        {
            if (item is null)
            {
                continue;
            }

            var type = item.Deserialize<WorkflowType>(WorkflowJson.Options)
                ?? throw new JsonException("A WorkflowType step contains an empty entry.");
            Normalize(type);
            types.Add(type);
        }

        return types;
    }

    /// <summary>Parses every WorkflowType step of a whole recipe file.</summary>
    public static IReadOnlyList<WorkflowType> ReadRecipe(string recipeJson)
    {
        var root = JsonNode.Parse(recipeJson, nodeOptions: null, WorkflowJson.DocumentOptions);
        var steps = root is JsonObject obj ? GetIgnoreCase(obj, "steps") as JsonArray : null;
        return steps is null ? [] : [.. steps.Where(s => s is not null).SelectMany(s => ReadStep(s!))];
    }

    /// <summary>Builds a recipe step that Orchard (and this reader) can import.</summary>
    public static JsonObject WriteStep(IEnumerable<WorkflowType> types) => new()
    {
        ["name"] = StepName,
        ["data"] = JsonSerializer.SerializeToNode(types.ToList(), WorkflowJson.Options),
    };

    private static bool IsWorkflowTypeStep(JsonObject step) =>
        GetIgnoreCase(step, "name") is JsonValue name
        && name.TryGetValue<string>(out var value)
        && string.Equals(value, StepName, StringComparison.OrdinalIgnoreCase);

    private static JsonNode? GetIgnoreCase(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    // Explicit JSON nulls would otherwise leave collections null.
    private static void Normalize(WorkflowType type)
    {
        type.Activities ??= [];
        type.Transitions ??= [];
        foreach (var activity in type.Activities)
        {
            activity.Properties ??= [];
        }
    }
}
