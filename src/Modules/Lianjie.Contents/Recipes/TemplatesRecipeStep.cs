using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Services;
using Lianjie.Core.Recipes;
using Lianjie.Core.Templates;

namespace Lianjie.Contents.Recipes;

/// <summary>
/// Orchard's { "name": "Templates", "Templates": { "Name": { "Content": "liquid", "Description": "" } } }.
/// Adds or replaces the named templates; each is parsed first so a broken one fails the import.
/// </summary>
internal sealed class TemplatesRecipeStep(SiteTemplateStore store) : IRecipeStepHandler, IRecipeExportContributor
{
    public IReadOnlyCollection<string> StepNames => ["Templates"];

    public int Order => 30;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        if (context.Step.GetObject("Templates") is not { } templates)
        {
            throw new RecipeStepException("The Templates step needs a \"Templates\" object.");
        }

        var changes = new Dictionary<string, SiteTemplate>(StringComparer.Ordinal);
        foreach (var (name, value) in templates)
        {
            var content = (value as JsonObject)?.GetString("Content")
                ?? throw new RecipeStepException($"Template '{name}' has no Content.");
            if (!TemplateCatalog.TryParse(content, out var error))
            {
                throw new RecipeStepException($"Template '{name}' is not valid Liquid: {error}");
            }

            changes[name] = new SiteTemplate(content, (value as JsonObject)?.GetString("Description"));
        }

        await store.SaveManyAsync(changes, cancellationToken);
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var all = await store.LoadAsync(cancellationToken);
        if (all.Count == 0)
        {
            return;
        }

        var templates = new JsonObject();
        foreach (var (name, template) in all.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            templates[name] = new JsonObject { ["Content"] = template.Content, ["Description"] = template.Description };
        }

        context.Steps.Add(new JsonObject { ["name"] = "Templates", ["Templates"] = templates });
    }
}
