using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Services;
using Lianjie.Core.Recipes;

namespace Lianjie.Contents.Recipes;

/// <summary>
/// Orchard's { "name": "ContentDefinition", "ContentTypes": [...], "ContentParts": [...] }: alters
/// (adds or merges) types and parts; unknown parts, fields and settings are kept as they are.
/// "ReplaceContentDefinition" (same shape) recreates the named types and parts exactly as given;
/// "DeleteContentDefinition" { "ContentTypes": ["Name"], "ContentParts": ["Name"] } removes them
/// (a removed part is detached from every type). Items of a deleted type stay stored.
/// </summary>
internal sealed class ContentDefinitionRecipeStep(ContentDefinitionStore store) : IRecipeStepHandler, IRecipeExportContributor
{
    public const string ReplaceStepName = "ReplaceContentDefinition";
    public const string DeleteStepName = "DeleteContentDefinition";

    public IReadOnlyCollection<string> StepNames => [ContentDefinitionStep.StepName, ReplaceStepName, DeleteStepName];

    public int Order => 10;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var definitions = await store.LoadAsync(cancellationToken);
        if (string.Equals(context.Name, DeleteStepName, StringComparison.OrdinalIgnoreCase))
        {
            Delete(context, definitions);
        }
        else
        {
            ContentDefinitionStep step;
            try
            {
                step = ContentDefinitionStep.Parse(context.Step);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException or System.Text.Json.JsonException)
            {
                throw new RecipeStepException($"The {context.Name} step is malformed: " + e.Message);
            }

            if (string.Equals(context.Name, ReplaceStepName, StringComparison.OrdinalIgnoreCase))
            {
                definitions.Replace(step);
            }
            else
            {
                definitions.Import(step);
            }
        }

        await store.SaveAsync(definitions, cancellationToken);
    }

    private static void Delete(RecipeStepContext context, ContentDefinitionSet definitions)
    {
        foreach (var name in Names(context, ContentDefinitionStep.TypesProperty))
        {
            if (!definitions.RemoveType(name))
            {
                context.Warn($"content type '{name}' does not exist; nothing to delete.");
            }
        }

        foreach (var name in Names(context, ContentDefinitionStep.PartsProperty))
        {
            if (!definitions.RemovePart(name))
            {
                context.Warn($"content part '{name}' does not exist; nothing to delete.");
            }
        }
    }

    private static IEnumerable<string> Names(RecipeStepContext context, string property)
    {
        var array = context.Step.GetArray(property);
        if (array is null)
        {
            return [];
        }

        return array.ToList().Select(node => node is JsonValue value && value.TryGetValue<string>(out var name) && name.Length > 0
            ? name
            : throw new RecipeStepException($"DeleteContentDefinition: {property} must be an array of names, got {node?.ToJsonString() ?? "null"}.")).ToList();
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var definitions = await store.LoadAsync(cancellationToken);
        if (definitions.Types.Count > 0 || definitions.Parts.Count > 0)
        {
            context.Steps.Add(definitions.ToJson());
        }
    }
}
