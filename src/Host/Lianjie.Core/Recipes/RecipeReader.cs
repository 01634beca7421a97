using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lianjie.Core.Recipes;

/// <summary>Reads recipes the tolerant way Orchard Core writes them: comments, trailing commas, any case.</summary>
public static class RecipeReader
{
    internal static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = true };

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };

    public static RecipeDescriptor Parse(string json, string? basePath = null)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, NodeOptions, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new RecipeFormatException($"The recipe is not valid JSON: {FirstSentence(e.Message)}", (e.LineNumber ?? 0) + 1, (e.BytePositionInLine ?? 0) + 1);
        }

        if (root is not JsonObject recipe)
        {
            throw new RecipeFormatException("The recipe must be a JSON object with a \"steps\" array.", null, null);
        }

        var steps = recipe["steps"] switch
        {
            null => [],
            JsonArray array => array.Select((step, index) => step as JsonObject
                ?? throw new RecipeFormatException($"Step {index} is not a JSON object.", null, null)).ToList(),
            _ => throw new RecipeFormatException("\"steps\" must be an array.", null, null),
        };

        foreach (var (step, index) in steps.Select((s, i) => (s, i)))
        {
            if (step["name"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetValue<string>()))
            {
                throw new RecipeFormatException($"Step {index} has no \"name\".", null, null);
            }
        }

        return new RecipeDescriptor
        {
            Name = Text(recipe, "name") ?? string.Empty,
            DisplayName = Text(recipe, "displayName"),
            Description = Text(recipe, "description"),
            IsSetupRecipe = recipe["issetuprecipe"] is JsonValue v && v.GetValueKind() == JsonValueKind.True,
            Variables = recipe["variables"] as JsonObject ?? [],
            Steps = steps,
            BasePath = basePath,
        };
    }

    public static RecipeDescriptor ParseFile(string path) =>
        Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path)));

    public static string StepName(JsonObject step) => step["name"]!.GetValue<string>();

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
