using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Recipes;

public class ClinicRulesRecipeTests
{
    [Fact]
    public async Task The_clinic_rules_demo_imports_four_enabled_rules_and_a_purchase_earns_consumption_points()
    {
        await using var site = await WorkflowSite.StartAsync();
        var found = site.Site.Services.GetRequiredService<RecipeHarvester>().Find("clinic-rules");
        Assert.NotNull(found);
        Assert.False(found.Value.Recipe.IsSetupRecipe);

        var report = await site.Site.Services.GetRequiredService<RecipeImporter>().ImportAsync(found.Value.Recipe, new RecipeImportOptions());

        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Empty(report.Warnings);
        Assert.Equal(4, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowTypes\" WHERE \"IsEnabled\" = TRUE AND \"WorkflowTypeId\" LIKE 'clinic-%'"));

        var buyer = await site.FollowerAsync("oBuyer");
        await site.AppendAsync("commerce.purchase", buyer, "order-1", new JsonObject { ["amount"] = "99.90", ["product"] = "护肝片" });
        await site.CatchUpAsync();
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed' AND \"Subject\" = 'consumption' AND \"FollowerId\" = {buyer}"));
    }
}
