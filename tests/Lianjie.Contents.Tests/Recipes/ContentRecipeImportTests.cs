using System.Text.Json.Nodes;
using Fluid;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Core.Recipes;
using Lianjie.Core.Templates;
using Lianjie.Testing;
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

        var report = await site.ImportAsync(recipe.ToJsonString(), RecipeFixtures.Directory);

        Assert.True(report.Succeeded, report.Failure?.ToString());
        var expectedTypes = ContentDefinitionStep.FromRecipe(recipe).SelectMany(s => s.ContentTypes).Select(t => t.Name).ToHashSet();
        var definitions = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentDefinitionStore>().LoadAsync());
        Assert.All(expectedTypes, name => Assert.NotNull(definitions.GetTypeDefinition(name)));

        // Ids are scripts here: one variable may name an item twice, each uuid() is a new item.
        var items = ContentStep.FromRecipe(recipe).SelectMany(s => s.Items).ToList();
        var expectedItems = items.Select(i => i.ContentItemId is { } id && !id.Contains("uuid", StringComparison.Ordinal) ? id : Guid.NewGuid().ToString()).Distinct().Count();
        Assert.Equal(expectedItems, await site.ScalarAsync("SELECT COUNT(DISTINCT \"ContentItemId\") FROM \"ContentItems\""));

        // Unknown parts survive: every part key of each titled item is in its stored JSON.
        foreach (var item in items.Where(i => i.DisplayText is { Length: > 0 } && i.Latest))
        {
            var page = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().ListAsync(new ContentQuery(item.ContentType, item.DisplayText, Status: ContentStatus.Latest, Take: 100)));
            Assert.Contains(page.Items, stored => stored.DisplayText == item.DisplayText && item.PartNames.All(p => stored.HasPart(p)));
        }
    }

    [Fact]
    public async Task Importing_the_same_version_twice_updates_instead_of_duplicating()
    {
        await using var site = await ContentsSite.SetUpAsync();
        var step = JsonNode.Parse("""
            { "name": "Content", "Data": [ { "ContentItemId": "4x2a7bq3hv0y9kx9d1r8p0m6jf", "ContentItemVersionId": "4x2a7bq3hv0y9kx9d1r8p0m6jg",
              "ContentType": "Widget", "DisplayText": "One", "Latest": true, "Published": true, "FancyPart": { "Knob": 11 } } ] }
            """)!.AsObject();

        await site.ImportStepsAsync(step);
        step["Data"]![0]!["DisplayText"] = "Two";
        await site.ImportStepsAsync(step);

        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\""));
        var stored = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync("4x2a7bq3hv0y9kx9d1r8p0m6jf"));
        Assert.Equal("Two", stored!.DisplayText);
        Assert.Equal(11, stored.GetPart("FancyPart")!["Knob"]!.GetValue<int>());
    }

    [Fact]
    public async Task Templates_step_overrides_a_view_and_round_trips_through_export()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(JsonNode.Parse("""
            { "name": "Templates", "Templates": { "Denied": { "Content": "<p id='custom'>{{ 'nope' }}</p>", "Description": "site denied page" } } }
            """)!.AsObject());

        var html = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<TemplateCatalog>().GetAsync("Denied")).Render(new TemplateContext()));
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

        var report = await site.ImportAsync(recipe.ToJsonString(), RecipeFixtures.Directory);

        Assert.False(report.Succeeded);
        Assert.Contains("X", report.Failure!.Reason);
    }

    [Fact]
    public async Task Definitions_and_content_export_in_orchard_shape_and_reimport()
    {
        await using var site = await ContentsSite.SetUpAsync();
        Assert.True((await site.ImportAsync(ContentOnly("blog.recipe.json").ToJsonString(), RecipeFixtures.Directory)).Succeeded);

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
