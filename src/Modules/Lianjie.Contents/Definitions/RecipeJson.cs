using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// Reads Orchard recipe files. They are JSON with // comments and trailing commas,
/// and step names are matched case-insensitively ("content" and "Content" both occur).
/// </summary>
public static class RecipeJson
{
    public static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        // Keep Chinese text readable in exported recipes and stored documents.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject ParseObject(string json) =>
        JsonNode.Parse(json, documentOptions: DocumentOptions) as JsonObject
        ?? throw new JsonException("Expected a JSON object.");

    /// <summary>All steps with the given name, in recipe order.</summary>
    public static IEnumerable<JsonObject> FindSteps(JsonObject recipe, string stepName) =>
        (recipe.GetArray("steps") ?? [])
            .OfType<JsonObject>()
            .Where(step => IsStep(step, stepName));

    public static bool IsStep(JsonObject step, string stepName) =>
        string.Equals(step.GetString("name"), stepName, StringComparison.OrdinalIgnoreCase);

    public static string ToJsonString(JsonNode node) => node.ToJsonString(WriteOptions);
}
