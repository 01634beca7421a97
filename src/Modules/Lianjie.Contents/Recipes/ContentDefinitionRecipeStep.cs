using Lianjie.Contents.Definitions;
using Lianjie.Contents.Services;
using Lianjie.Core.Recipes;

namespace Lianjie.Contents.Recipes;

/// <summary>
/// Orchard's { "name": "ContentDefinition", "ContentTypes": [...], "ContentParts": [...] }: alters
/// (adds or merges) types and parts; unknown parts, fields and settings are kept as they are.
/// </summary>
internal sealed class ContentDefinitionRecipeStep(ContentDefinitionStore store) : IRecipeStepHandler, IRecipeExportContributor
{
    public IReadOnlyCollection<string> StepNames => [ContentDefinitionStep.StepName];

    public int Order => 10;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        ContentDefinitionStep step;
        try
        {
            step = ContentDefinitionStep.Parse(context.Step);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            throw new RecipeStepException("The ContentDefinition step is malformed: " + e.Message);
        }

        var definitions = await store.LoadAsync(cancellationToken);
        definitions.Import(step);
        await store.SaveAsync(definitions, cancellationToken);
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
