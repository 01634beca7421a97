using System.Text.Json.Nodes;
using Lianjie.Contents.Items;
using Lianjie.Contents.Services;
using Lianjie.Core.Recipes;

namespace Lianjie.Contents.Recipes;

/// <summary>
/// Orchard's { "name": "content", "data": [ content items ] } (either case). Each item keeps every
/// part and field it carries, known or not.
/// </summary>
internal sealed class ContentRecipeStep(ContentManager contents, ContentDefinitionStore definitions) : IRecipeStepHandler, IRecipeExportContributor
{
    private const int ExportPageSize = 100;

    public IReadOnlyCollection<string> StepNames => [ContentStep.StepName];

    public int Order => 20;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        ContentStep step;
        try
        {
            step = ContentStep.Parse(context.Step);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new RecipeStepException("The content step is malformed: " + e.Message);
        }

        var set = await definitions.LoadAsync(cancellationToken);
        foreach (var (item, index) in step.Items.Select((item, index) => (item, index)))
        {
            if (string.IsNullOrWhiteSpace(item.ContentType))
            {
                throw new RecipeStepException($"Content item {index} has no ContentType.");
            }

            if (set.GetTypeDefinition(item.ContentType) is null)
            {
                context.Warn($"item {item.ContentItemId ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture)} has type '{item.ContentType}', which is not defined; it is stored as it is.");
            }

            await contents.ImportAsync(item, set, cancellationToken);
        }
    }

    /// <summary>Exports the latest version of every item, plus the published one when a draft sits on top.</summary>
    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var data = new JsonArray();
        for (var skip = 0; ; skip += ExportPageSize)
        {
            var page = await contents.ListAsync(new ContentQuery(Status: ContentStatus.Latest, Skip: skip, Take: ExportPageSize, Descending: false), cancellationToken);
            foreach (var latest in page.Items)
            {
                if (!latest.Published && await contents.GetAsync(latest.ContentItemId!, ContentStatus.Published, cancellationToken) is { } published)
                {
                    data.Add(published.ToJson());
                }

                data.Add(latest.ToJson());
            }

            if (page.Items.Count < ExportPageSize)
            {
                break;
            }
        }

        if (data.Count > 0)
        {
            context.Steps.Add(new JsonObject { ["name"] = ContentStep.StepName, [ContentStep.DataProperty] = data });
        }
    }
}
