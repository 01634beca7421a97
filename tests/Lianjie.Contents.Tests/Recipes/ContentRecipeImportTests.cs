using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Core.Recipes;
using Lianjie.Core.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Recipes;

public class ContentRecipeImportTests
{
    private static readonly string[] ContentSteps = ["ContentDefinition", "content", "Templates"];

    public static TheoryData<string> FixturesWithContent()
    {
        var data = new TheoryData<string>();
        foreach (var file in RecipeFixtures.FileNames.Where(f => ContentSteps.Any(s => RecipeJson.FindSteps(RecipeFixtures.Load(f), s).Any())))
        {
            data.Add(file);
        }

        return data;
    }

    /// <summary>The fixture's content steps (with its variables, so scripted values resolve), nothing else.</summary>
    private static JsonObject ContentOnly(string file)
    {
        var recipe = RecipeFixtures.Load(file);
        var steps = new JsonArray();
        foreach (var step in (recipe.GetArray("steps") ?? []).OfType<JsonObject>().Where(s => ContentSteps.Any(n => RecipeJson.IsStep(s, n))))
        {
            steps.Add(step.DeepClone());
        }

        return new JsonObject { ["name"] = file, ["variables"] = recipe.GetObject("variables")?.DeepClone(), ["steps"] = steps };
    }

    [Theory]
    [MemberData(nameof(FixturesWithContent))]
    public async Task Every_orchard_fixture_imports_its_definitions_and_content(string file)
    {
        await using var site = await ContentsSite.SetUpAsync();
        var recipe = ContentOnly(file);

        var report = await site.ImportAsync(recipe.ToJsonString());

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var expectedTypes = ContentDefinitionStep.FromRecipe(recipe).SelectMany(s => s.ContentTypes).Select(t => t.Name).ToHashSet();
        var definitions = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentDefinitionStore>().LoadAsync());
        Assert.All(expectedTypes, name => Assert.NotNull(definitions.GetTypeDefinition(name)));

        var items = ContentStep.FromRecipe(recipe).SelectMany(s => s.Items).ToList();
        var expectedIds = items.Select(i => i.ContentItemId).OfType<string>().Distinct().Count() + items.Count(i => i.ContentItemId is null);
        Assert.Equal(expectedIds, await site.ScalarAsync("SELECT COUNT(DISTINCT \"ContentItemId\") FROM \"ContentItems\""));

        // Unknown parts survive: every part key of the first item is in the stored JSON.
        if (items.FirstOrDefault(i => i.ContentItemId is not null && i.Latest) is { } sample)
        {
            var stored = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(sample.ContentItemId!, ContentStatus.Latest));
            Assert.NotNull(stored);
            Assert.Superset(sample.PartNames.ToHashSet(), stored!.PartNames.ToHashSet());
        }
    }

    [Fact]
    public async Task Importing_the_same_content_twice_updates_instead_of_duplicating()
    {
        await using var site = await ContentsSite.SetUpAsync();
        var recipe = ContentOnly("blog.recipe.json").ToJsonString();

        Assert.True((await site.ImportAsync(recipe)).Succeeded);
        var rows = await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\"");
        Assert.True((await site.ImportAsync(recipe)).Succeeded);

        Assert.True(rows > 0);
        Assert.Equal(rows, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\""));
    }

    [Fact]
    public async Task Templates_step_overrides_a_view_and_round_trips_through_export()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(JsonNode.Parse("""
            { "name": "Templates", "Templates": { "Denied": { "Content": "<p id='custom'>{{ 'nope' }}</p>", "Description": "site denied page" } } }
            """)!.AsObject());

        var html = await site.WithScopeAsync(async sp => await (await sp.GetRequiredService<TemplateCatalog>().GetAsync("Denied")).RenderAsync());
        Assert.Equal("<p id='custom'>nope</p>", html);

        var exported = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync("x"));
        var step = RecipeJson.FindSteps(exported, "Templates").Single();
        Assert.Equal("<p id='custom'>{{ 'nope' }}</p>", step["Templates"]!["Denied"]!["Content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_template_that_is_not_liquid_fails_the_import()
    {
        await using var site = await ContentsSite.SetUpAsync();
        var recipe = new JsonObject
        {
            ["name"] = "bad",
            ["steps"] = new JsonArray(JsonNode.Parse("""{ "name": "Templates", "Templates": { "X": { "Content": "{% if %}" } } }""")),
        };

        var report = await site.ImportAsync(recipe.ToJsonString());

        Assert.False(report.Succeeded);
        Assert.Contains("X", report.Failure!.Reason);
    }

    [Fact]
    public async Task Definitions_and_content_export_in_orchard_shape_and_reimport()
    {
        await using var site = await ContentsSite.SetUpAsync();
        Assert.True((await site.ImportAsync(ContentOnly("blog.recipe.json").ToJsonString())).Succeeded);

        var exported = await site.WithScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync("x"));
        var types = ContentDefinitionStep.FromRecipe(exported).Single().ContentTypes;
        var items = ContentStep.FromRecipe(exported).Single().Items;

        Assert.Contains(types, t => t.Name == "BlogPost");
        Assert.Contains(items, i => i.ContentType == "BlogPost" && i.HasPart("TitlePart"));

        await using var other = await ContentsSite.SetUpAsync();
        Assert.True((await other.ImportAsync(exported.ToJsonString())).Succeeded);
        Assert.Equal(
            await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"),
            await other.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"));
    }
}
