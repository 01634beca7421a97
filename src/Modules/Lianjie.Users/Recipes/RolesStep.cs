using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Users.Services;

namespace Lianjie.Users.Recipes;

/// <summary>Orchard's Roles step: { "name": "Roles", "Roles": [ { "Name", "Description", "Permissions": [] } ] }.</summary>
internal sealed class RolesStep(RoleService roles) : IRecipeStepHandler, IRecipeExportContributor
{
    public IReadOnlyCollection<string> StepNames => ["Roles"];

    public int Order => -80;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        if (context.Step["Roles"] is not JsonArray items)
        {
            throw new RecipeStepException("The Roles step needs a \"Roles\" array.");
        }

        foreach (var item in items.OfType<JsonObject>())
        {
            var name = item["Name"]?.GetValue<string>() ?? throw new RecipeStepException("A role has no Name.");
            var permissions = (item["Permissions"] as JsonArray ?? []).Select(p => p?.GetValue<string>()).OfType<string>().ToList();
            await roles.UpsertAsync(name, item["Description"]?.GetValue<string>(), permissions, cancellationToken);
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var all = await roles.ListAsync(cancellationToken);
        if (all.Count == 0)
        {
            return;
        }

        context.Steps.Add(new JsonObject
        {
            ["name"] = "Roles",
            ["Roles"] = new JsonArray(all.Select(r => (JsonNode)new JsonObject
            {
                ["Name"] = r.Name,
                ["Description"] = r.Description,
                ["Permissions"] = new JsonArray(r.PermissionList.Select(p => (JsonNode)p).ToArray()),
            }).ToArray()),
        });
    }
}
