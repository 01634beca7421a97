using Lianjie.Core.Recipes;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Recipes;

public class WorkflowTypeStepTests
{
    [Fact]
    public async Task A_workflow_with_an_unknown_activity_imports_disabled_with_a_warning_and_a_known_one_stays_enabled()
    {
        await using var site = await WorkflowSite.StartAsync();
        var report = await ImportAsync(site, """
            { "name": "rules", "steps": [ { "name": "WorkflowType", "data": [
              { "WorkflowTypeId": "wf-unknown", "Name": "Uses Orchard forms", "IsEnabled": true,
                "Activities": [
                  { "ActivityId": "a", "Name": "ArticleReadEvent", "IsStart": true, "Properties": {} },
                  { "ActivityId": "b", "Name": "ValidateFormTask", "Properties": {} } ],
                "Transitions": [ { "SourceActivityId": "a", "SourceOutcomeName": "Done", "DestinationActivityId": "b" } ] },
              { "WorkflowTypeId": "wf-known", "Name": "Points on read", "IsEnabled": true,
                "Activities": [
                  { "ActivityId": "a", "Name": "ArticleReadEvent", "IsStart": true, "Properties": {} },
                  { "ActivityId": "b", "Name": "AddPointsTask", "Properties": { "Dimension": "interaction", "Amount": 1 } } ],
                "Transitions": [ { "SourceActivityId": "a", "SourceOutcomeName": "Done", "DestinationActivityId": "b" } ] }
            ] } ] }
            """);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("ValidateFormTask", warning);
        Assert.Contains("Uses Orchard forms", warning);
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowTypes\" WHERE \"WorkflowTypeId\" = 'wf-unknown' AND \"IsEnabled\" = TRUE"));
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowTypes\" WHERE \"WorkflowTypeId\" = 'wf-known' AND \"IsEnabled\" = TRUE"));

        // A disabled type never runs, even though its start event occurs.
        var follower = await site.FollowerAsync("oImport");
        await site.AppendAsync("content.read", follower, "a1");
        await site.CatchUpAsync();
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\""));
    }

    [Fact]
    public async Task The_orchard_comingsoon_recipe_imports_its_workflow_disabled_and_lists_the_missing_activities()
    {
        await using var site = await WorkflowSite.StartAsync();
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "orchardcore", "comingsoon.recipe.json");
        var recipe = RecipeReader.ParseFile(path);

        // Only the WorkflowType step: the rest of the Orchard recipe belongs to other features.
        var only = RecipeReader.Parse($$"""{ "name": "comingsoon-workflows", "steps": [ {{recipe.Steps.First(s => RecipeReader.StepName(s) == "WorkflowType").ToJsonString()}} ] }""");
        var report = await site.Site.Services.GetRequiredService<RecipeImporter>().ImportAsync(only, new RecipeImportOptions());

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var warning = Assert.Single(report.Warnings);
        Assert.Contains("HttpRequestEvent", warning);
        Assert.Contains("RegisterUserTask", warning);
        var types = await site.WithScopeAsync(sp => sp.GetRequiredService<IWorkflowTypeStore>().ListAsync());
        var type = Assert.Single(types);
        Assert.False(type.IsEnabled);
        Assert.Contains(type.Activities, a => a.Name == "ValidateReCaptchaTask");

        // Export writes the same definition back in Orchard's shape.
        var exported = await site.WithScopeAsync(async sp =>
        {
            var context = new RecipeExportContext();
            foreach (var contributor in sp.GetServices<IRecipeExportContributor>())
            {
                await contributor.ContributeAsync(context, CancellationToken.None);
            }

            return context.Steps;
        });
        var step = Assert.Single(exported, s => RecipeReader.StepName(s) == "WorkflowType");
        Assert.Equal(type.Activities.Count, Assert.Single(WorkflowRecipeReader.ReadStep(step)).Activities.Count);
    }

    private static Task<RecipeReport> ImportAsync(WorkflowSite site, string json) =>
        site.Site.Services.GetRequiredService<RecipeImporter>().ImportAsync(RecipeReader.Parse(json), new RecipeImportOptions());
}
