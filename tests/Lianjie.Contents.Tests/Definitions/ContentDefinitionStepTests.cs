using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Tests.Definitions;

public class ContentDefinitionStepTests
{
    public static TheoryData<string> DefinitionFiles => RecipeFixtures.FilesWithStep(ContentDefinitionStep.StepName);

    [Fact]
    public void Fixtures_are_found_and_include_definition_steps()
    {
        Assert.True(RecipeFixtures.FileNames.Count >= 10, "fixture link in the csproj is broken");
        Assert.True(DefinitionFiles.Count >= 5);
    }

    [Fact]
    public void Every_fixture_file_parses_as_a_recipe_despite_comments_and_trailing_commas()
    {
        foreach (var file in RecipeFixtures.FileNames)
        {
            Assert.NotNull(RecipeFixtures.Load(file).GetArray("steps"));
        }
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void Every_definition_step_parses_with_all_records(string file)
    {
        foreach (var raw in RecipeJson.FindSteps(RecipeFixtures.Load(file), ContentDefinitionStep.StepName))
        {
            var step = ContentDefinitionStep.Parse(raw);

            var rawTypes = raw.GetArray("ContentTypes") ?? [];
            Assert.Equal(rawTypes.Count, step.ContentTypes.Count);
            for (var i = 0; i < rawTypes.Count; i++)
            {
                var rawType = rawTypes[i]!.AsObject();
                Assert.Equal(rawType.GetString("Name"), step.ContentTypes[i].Name);
                Assert.Equal((rawType.GetArray("ContentTypePartDefinitionRecords") ?? []).Count, step.ContentTypes[i].Parts.Count);
            }

            var rawParts = raw.GetArray("ContentParts") ?? [];
            Assert.Equal(rawParts.Count, step.ContentParts.Count);
            Assert.Equal(
                rawParts.Sum(p => (p!.AsObject().GetArray("ContentPartFieldDefinitionRecords") ?? []).Count),
                step.ContentParts.Sum(p => p.Fields.Count));
        }
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void Every_record_round_trips_verbatim_including_unknown_settings(string file)
    {
        foreach (var raw in RecipeJson.FindSteps(RecipeFixtures.Load(file), ContentDefinitionStep.StepName))
        {
            var exported = ContentDefinitionStep.Parse(raw).ToJson();

            AssertSameRecords(raw.GetArray("ContentTypes"), exported.GetArray("ContentTypes"));
            AssertSameRecords(raw.GetArray("ContentParts"), exported.GetArray("ContentParts"));
        }
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void Parse_export_parse_gives_the_same_definitions(string file)
    {
        foreach (var raw in RecipeJson.FindSteps(RecipeFixtures.Load(file), ContentDefinitionStep.StepName))
        {
            var first = ContentDefinitionStep.Parse(raw).ToJson();
            var second = ContentDefinitionStep.Parse(first.ToJsonString()).ToJson();

            Assert.True(JsonNode.DeepEquals(first, second), file);
        }
    }

    [Fact]
    public void Reads_keys_case_insensitively_and_writes_them_in_PascalCase()
    {
        var step = ContentDefinitionStep.Parse("""
            { "name": "contentdefinition",
              "contentTypes": [ { "name": "Article", "displayName": "文章", "settings": {},
                "contentTypePartDefinitionRecords": [ { "partName": "TitlePart", "name": "TitlePart", "settings": {} } ] } ],
              "contentParts": [ { "name": "Article", "settings": {},
                "contentPartFieldDefinitionRecords": [ { "fieldName": "TextField", "name": "Subtitle", "settings": {} } ] } ] }
            """);

        var json = step.ToJson();
        var type = json.GetArray("ContentTypes")![0]!.AsObject();
        Assert.True(json.ContainsKey("ContentTypes"));
        Assert.True(json.ContainsKey("ContentParts"));
        Assert.Equal("文章", type["DisplayName"]!.GetValue<string>());
        Assert.Equal("TitlePart", type["ContentTypePartDefinitionRecords"]![0]!["PartName"]!.GetValue<string>());
        Assert.Equal("TextField", json["ContentParts"]![0]!["ContentPartFieldDefinitionRecords"]![0]!["FieldName"]!.GetValue<string>());
        Assert.Contains("\"DisplayName\": \"文章\"", step.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Typed_settings_read_the_blog_fixture()
    {
        var step = ContentDefinitionStep.FromRecipe(RecipeFixtures.Load("blog.recipe.json")).Single();
        var article = step.ContentTypes.Single(t => t.Name == "Article");
        var blogPost = step.ContentTypes.Single(t => t.Name == "BlogPost");

        Assert.True(article.TypeSettings.Creatable);
        Assert.True(article.TypeSettings.Draftable);
        Assert.True(article.TypeSettings.Listable);
        Assert.False(article.TypeSettings.Securable);
        Assert.False(blogPost.TypeSettings.Creatable);
        Assert.Equal(3, article.GetPart("Article")!.PartSettings.Position);
        Assert.Equal("Wysiwyg", article.GetPart("HtmlBodyPart")!.PartSettings.Editor);
        Assert.Equal(["TitlePart", "AutoroutePart", "HtmlBodyPart", "Article"], article.OrderedParts.Select(p => p.Name));

        var category = step.ContentParts.Single(p => p.Name == "Category").GetField("Icon")!;
        Assert.True(category.FieldSettings.Required);
        Assert.Equal("Icon", category.FieldSettings.DisplayName);

        var caption = step.ContentParts.Single(p => p.Name == "Image").GetField("Caption")!;
        Assert.False(caption.FieldSettings.Required);
        Assert.StartsWith("A description of the image", caption.FieldSettings.Hint, StringComparison.Ordinal);
        Assert.Equal(1, caption.FieldSettings.Position);

        var tags = step.ContentParts.Single(p => p.Name == "BlogPost").GetField("Tags")!;
        Assert.Equal("TaxonomyField", tags.FieldName);
        Assert.False(tags.IsKnownFieldType);
    }

    [Fact]
    public void Typed_settings_write_into_the_json_in_Orchard_shape()
    {
        var type = new ContentTypeDefinition("Notice");
        type.TypeSettings.Creatable = true;
        type.TypeSettings.Stereotype = "Widget";
        var part = new ContentTypePartDefinition("TitlePart", "TitlePart");
        part.PartSettings.Position = 7;
        part.PartSettings.DisplayName = "标题";
        var field = new ContentPartFieldDefinition("Body", "TextField");
        field.FieldSettings.Required = true;
        field.FieldSettings.Hint = "正文";

        Assert.True(type.Settings["ContentTypeSettings"]!["Creatable"]!.GetValue<bool>());
        Assert.Equal("Widget", type.Settings["ContentTypeSettings"]!["Stereotype"]!.GetValue<string>());
        Assert.Equal("7", part.Settings["ContentTypePartSettings"]!["Position"]!.GetValue<string>());
        Assert.True(field.Settings["TextFieldSettings"]!["Required"]!.GetValue<bool>());
        Assert.Equal("正文", field.Settings["TextFieldSettings"]!["Hint"]!.GetValue<string>());

        type.TypeSettings.Stereotype = null;
        Assert.False(type.Settings["ContentTypeSettings"]!.AsObject().ContainsKey("Stereotype"));
    }

    [Fact]
    public void Known_and_unknown_part_names_are_distinguished_but_both_kept()
    {
        var step = ContentDefinitionStep.FromRecipe(RecipeFixtures.Load("agency.recipe.json")).Single();
        var landing = step.ContentTypes.Single(t => t.Name == "LandingPage");
        var services = landing.GetPart("Services")!;

        Assert.Equal("BagPart", services.PartName);
        Assert.True(services.IsNamedPart);
        Assert.False(services.IsKnownPart);
        Assert.True(landing.GetPart("TitlePart")!.IsKnownPart);
        Assert.True(KnownPartNames.IsKnown("InterestTagsPart"));
        Assert.NotNull(services.Settings["BagPartSettings"]);
    }

    /// <summary>
    /// Every original key and value is present unchanged; the only additions allowed are the empty
    /// "Settings": {} and record arrays that Orchard's own export always writes.
    /// </summary>
    private static void AssertSameRecords(JsonArray? expected, JsonArray? actual) => AssertPreserved(expected ?? [], actual, "$");

    private static void AssertPreserved(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = Assert.IsType<JsonObject>(actual);
                foreach (var (key, value) in expectedObject)
                {
                    Assert.True(actualObject.ContainsKey(key), $"{path}.{key} was lost");
                    AssertPreserved(value, actualObject[key], $"{path}.{key}");
                }

                foreach (var (key, value) in actualObject.Where(p => !expectedObject.ContainsKey(p.Key)))
                {
                    Assert.True(value is JsonObject { Count: 0 } or JsonArray { Count: 0 }, $"{path}.{key} was added: {value}");
                }

                break;

            case JsonArray expectedArray:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.Equal(expectedArray.Count, actualArray.Count);
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    AssertPreserved(expectedArray[i], actualArray[i], $"{path}[{i}]");
                }

                break;

            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: {expected?.ToJsonString()} != {actual?.ToJsonString()}");
                break;
        }
    }
}
