using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Tags.Services;

namespace Lianjie.Tags.Recipes;

/// <summary>
/// { "name": "Tags", "Groups": [ { "Name", "Description", "Exclusive", "MaxPerFollower" } ],
///   "Tags": [ { "Name", "Group", "Color", "Description", "Sensitive", "ExpiryDays" } ] } —
/// create or update by name, so importing twice leaves the same state.
/// </summary>
internal sealed class TagsStep(TagDictionary dictionary) : IRecipeStepHandler, IRecipeExportContributor
{
    public IReadOnlyCollection<string> StepNames => ["Tags"];

    public int Order => 10;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var groups = Property(context.Step, "Groups") as JsonArray ?? [];
        var tags = Property(context.Step, "Tags") as JsonArray ?? [];
        if (groups.Count == 0 && tags.Count == 0)
        {
            throw new RecipeStepException("The Tags step needs a \"Groups\" or \"Tags\" array.");
        }

        try
        {
            foreach (var item in groups.OfType<JsonObject>())
            {
                await dictionary.UpsertGroupAsync(
                    new TagGroupInput(Text(item, "Name") ?? throw new RecipeStepException("A tag group has no Name."), Text(item, "Description"), Bool(item, "Exclusive"), Int(item, "MaxPerFollower")),
                    cancellationToken: cancellationToken);
            }

            foreach (var item in tags.OfType<JsonObject>())
            {
                await dictionary.UpsertTagAsync(
                    new TagInput(Text(item, "Name") ?? throw new RecipeStepException("A tag has no Name."), Text(item, "Group"), Text(item, "Color"), Text(item, "Description"), Bool(item, "Sensitive"), Int(item, "ExpiryDays")),
                    cancellationToken: cancellationToken);
            }
        }
        catch (ArgumentException e)
        {
            throw new RecipeStepException(e.Message);
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var groups = await dictionary.ListGroupsAsync(cancellationToken);
        var (tags, _) = await dictionary.ListTagsAsync(null, null, "name", 0, int.MaxValue, cancellationToken);
        if (groups.Count == 0 && tags.Count == 0)
        {
            return;
        }

        context.Steps.Add(new JsonObject
        {
            ["name"] = "Tags",
            ["Groups"] = new JsonArray(groups.Select(g => (JsonNode)new JsonObject
            {
                ["Name"] = g.Name,
                ["Description"] = g.Description ?? string.Empty,
                ["Exclusive"] = g.Exclusive,
                ["MaxPerFollower"] = g.MaxPerFollower,
            }).ToArray()),
            ["Tags"] = new JsonArray(tags.Select(t => (JsonNode)new JsonObject
            {
                ["Name"] = t.Name,
                ["Group"] = t.Group,
                ["Color"] = t.Color,
                ["Description"] = t.Description ?? string.Empty,
                ["Sensitive"] = t.Sensitive,
                ["ExpiryDays"] = t.ExpiryDays,
            }).ToArray()),
        });
    }

    /// <summary>Recipe property names match in any case.</summary>
    private static JsonNode? Property(JsonObject item, string name) =>
        item.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonObject item, string name) =>
        Property(item, name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static bool Bool(JsonObject item, string name) =>
        Property(item, name) is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static int? Int(JsonObject item, string name) => Property(item, name) switch
    {
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, out var parsed) => parsed,
        _ => null,
    };
}
