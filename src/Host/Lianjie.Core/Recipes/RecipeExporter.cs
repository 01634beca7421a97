using System.Text.Json.Nodes;

namespace Lianjie.Core.Recipes;

/// <summary>Writes the site's configuration as a recipe that rebuilds it in an empty site.</summary>
public sealed class RecipeExporter(IEnumerable<IRecipeExportContributor> contributors)
{
    public async Task<JsonObject> ExportAsync(string siteName, CancellationToken cancellationToken = default)
    {
        var context = new RecipeExportContext();
        foreach (var contributor in contributors.OrderBy(c => c.Order))
        {
            await contributor.ContributeAsync(context, cancellationToken);
        }

        return new JsonObject
        {
            ["name"] = "export",
            ["displayName"] = $"{siteName} export",
            ["description"] = $"Exported {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
            ["issetuprecipe"] = false,
            ["steps"] = new JsonArray(context.Steps.Select(s => (JsonNode)s).ToArray()),
        };
    }
}
