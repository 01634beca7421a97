using System.Text.Json.Nodes;
using Lianjie.Core.Shells;

namespace Lianjie.Core.Recipes;

/// <summary>
/// Exports the `feature` step. Importing it is done by <see cref="RecipeImporter"/> itself, because
/// it changes which handlers exist for the steps that follow.
/// </summary>
internal sealed class FeatureStep(ShellContextHolder holder) : IRecipeExportContributor
{
    public int Order => -100;

    public Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var shell = holder.Shell!;
        var ids = shell.Features.Where(f => !f.AlwaysEnabled).Select(f => f.Id).Order(StringComparer.Ordinal);
        context.Steps.Add(new JsonObject
        {
            ["name"] = "feature",
            ["enable"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray()),
        });
        return Task.CompletedTask;
    }
}
