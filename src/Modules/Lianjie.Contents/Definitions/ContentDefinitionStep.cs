using System.Text.Json.Nodes;

namespace Lianjie.Contents.Definitions;

/// <summary>
/// The recipe step { "name": "ContentDefinition", "ContentTypes": [...], "ContentParts": [...] }.
/// Also the shape the whole definition set is exported (and can be stored) in.
/// </summary>
public sealed class ContentDefinitionStep
{
    public const string StepName = "ContentDefinition";
    public const string TypesProperty = "ContentTypes";
    public const string PartsProperty = "ContentParts";

    public List<ContentTypeDefinition> ContentTypes { get; } = [];

    public List<ContentPartDefinition> ContentParts { get; } = [];

    public static ContentDefinitionStep Parse(JsonObject step)
    {
        var parsed = new ContentDefinitionStep();
        parsed.ContentTypes.AddRange(DefinitionRecordJson.ReadRecords(step, TypesProperty).Select(ContentTypeDefinition.FromJson));
        parsed.ContentParts.AddRange(DefinitionRecordJson.ReadRecords(step, PartsProperty).Select(ContentPartDefinition.FromJson));
        return parsed;
    }

    public static ContentDefinitionStep Parse(string json) => Parse(RecipeJson.ParseObject(json));

    /// <summary>Every ContentDefinition step of a whole recipe, in order.</summary>
    public static IReadOnlyList<ContentDefinitionStep> FromRecipe(JsonObject recipe) =>
        [.. RecipeJson.FindSteps(recipe, StepName).Select(Parse)];

    public JsonObject ToJson() => new()
    {
        ["name"] = StepName,
        [TypesProperty] = new JsonArray([.. ContentTypes.Select(t => t.ToJson())]),
        [PartsProperty] = new JsonArray([.. ContentParts.Select(p => p.ToJson())]),
    };

    public string ToJsonString() => RecipeJson.ToJsonString(ToJson());

    /// <summary>Guards against a caller handing us some other step.</summary>
    public static bool IsContentDefinitionStep(JsonObject step) => RecipeJson.IsStep(step, StepName);
}
