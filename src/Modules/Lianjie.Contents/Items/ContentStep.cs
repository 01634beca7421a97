using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Items;

/// <summary>
/// The recipe step { "name": "content", "data": [ items ] }. Orchard recipes spell both the step
/// name ("Content") and the array ("Data") in either case, so both are accepted.
/// </summary>
public sealed class ContentStep
{
    public const string StepName = "content";
    public const string DataProperty = "data";

    public List<ContentItem> Items { get; } = [];

    public static ContentStep Parse(JsonObject step)
    {
        var parsed = new ContentStep();
        parsed.Items.AddRange((step.GetArray(DataProperty) ?? []).OfType<JsonObject>().Select(ContentItem.FromJson));
        return parsed;
    }

    public static ContentStep Parse(string json) => Parse(RecipeJson.ParseObject(json));

    public static IReadOnlyList<ContentStep> FromRecipe(JsonObject recipe) =>
        [.. RecipeJson.FindSteps(recipe, StepName).Select(Parse)];

    public JsonObject ToJson() => new()
    {
        ["name"] = StepName,
        [DataProperty] = new JsonArray([.. Items.Select(i => i.ToJson())]),
    };

    public string ToJsonString() => RecipeJson.ToJsonString(ToJson());
}
