using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;
using Lianjie.Contents.Items;

namespace Lianjie.Contents.Tests.Items;

public class ContentStepTests
{
    public static TheoryData<string> ContentFiles => RecipeFixtures.FilesWithStep(ContentStep.StepName);

    [Fact]
    public void Content_steps_are_found_whatever_the_case_of_name_and_data()
    {
        var agency = RecipeFixtures.Load("agency.recipe.json");

        var steps = ContentStep.FromRecipe(agency);

        // agency has { "name": "content", "Data": [...] } and { "name": "Content", "data": [...] }.
        Assert.Equal(2, steps.Count);
        Assert.Equal("RawHtml", steps[0].Items.Single().ContentType);
        Assert.Equal(["Menu", "LandingPage"], steps[1].Items.Select(i => i.ContentType));
    }

    [Theory]
    [MemberData(nameof(ContentFiles))]
    public void Every_content_item_parses_and_round_trips_verbatim(string file)
    {
        foreach (var raw in RecipeJson.FindSteps(RecipeFixtures.Load(file), ContentStep.StepName))
        {
            var rawItems = raw.GetArray(ContentStep.DataProperty)!;
            var step = ContentStep.Parse(raw);
            var exported = ContentStep.Parse(step.ToJsonString()).ToJson().GetArray("data")!;

            Assert.Equal(rawItems.Count, step.Items.Count);
            Assert.Equal(rawItems.Count, exported.Count);
            for (var i = 0; i < rawItems.Count; i++)
            {
                Assert.False(string.IsNullOrEmpty(step.Items[i].ContentType));
                Assert.True(JsonNode.DeepEquals(rawItems[i], exported[i]), $"{file} item {i} changed on round trip");
            }
        }
    }

    [Fact]
    public void Unknown_parts_and_nested_items_survive_editing_known_parts()
    {
        var landing = ContentStep.FromRecipe(RecipeFixtures.Load("agency.recipe.json"))[1].Items[1];
        var servicesBefore = landing.GetPart("Services")!.DeepClone();

        landing.Title = "首页";
        landing.AutoroutePath = "home";
        var reloaded = ContentItem.Parse(landing.ToJsonString());

        Assert.Equal("首页", reloaded.Title);
        Assert.Equal("home", reloaded.AutoroutePath);
        Assert.True(reloaded.GetPart("AutoroutePart")!.GetBoolean("SetHomepage"));
        Assert.True(JsonNode.DeepEquals(servicesBefore, reloaded.GetPart("Services")));
        Assert.Contains("Services", reloaded.PartNames);
        Assert.Contains("Clients", reloaded.PartNames);
    }

    [Fact]
    public void Nested_bag_items_are_readable_as_content_items()
    {
        var landing = ContentStep.FromRecipe(RecipeFixtures.Load("agency.recipe.json"))[1].Items[1];

        var services = landing.GetNestedItems("Services");

        Assert.Contains(services, s => s.Title == "E-Commerce" && s.GetTextField("Service", "IconClass") == "fa-shopping-cart");
        Assert.All(services, s => Assert.Equal("Service", s.ContentType));
    }

    [Fact]
    public void Recipe_placeholders_are_kept_but_give_no_typed_value()
    {
        var message = ContentStep.FromRecipe(RecipeFixtures.Load("recipe4.json")).Single().Items.Single();

        Assert.Null(message.ModifiedUtc);
        Assert.Equal("[js: variables('now')]", message.Data["ModifiedUtc"]!.GetValue<string>());
        Assert.Equal("[js: variables('messageContentItemId')]", message.ContentItemId);
        Assert.True(message.Latest);
        Assert.True(message.Published);
        Assert.StartsWith("[locale en]", message.Title, StringComparison.Ordinal);
    }
}
