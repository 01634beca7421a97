using System.Text.Json.Nodes;
using Lianjie.Contents.Definitions;

namespace Lianjie.Contents.Tests.Definitions;

public class ContentDefinitionSetTests
{
    public static TheoryData<string> DefinitionFiles => RecipeFixtures.FilesWithStep(ContentDefinitionStep.StepName);

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void Importing_a_fixture_twice_gives_the_same_state(string file)
    {
        var steps = ContentDefinitionStep.FromRecipe(RecipeFixtures.Load(file));
        var once = new ContentDefinitionSet();
        foreach (var step in steps)
        {
            once.Import(step);
        }

        var twice = once.Clone();
        foreach (var step in steps)
        {
            twice.Import(step);
        }

        Assert.NotEmpty(once.Types);
        Assert.True(JsonNode.DeepEquals(once.ToJson(), twice.ToJson()));
    }

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void Export_then_reload_gives_the_same_set(string file)
    {
        var set = new ContentDefinitionSet();
        foreach (var step in ContentDefinitionStep.FromRecipe(RecipeFixtures.Load(file)))
        {
            set.Import(step);
        }

        var reloaded = ContentDefinitionSet.FromJson(RecipeJson.ParseObject(set.Export().ToJsonString()));

        Assert.True(JsonNode.DeepEquals(set.ToJson(), reloaded.ToJson()));
        Assert.Equal(set.Types.Select(t => t.Name), reloaded.Types.Select(t => t.Name));
    }

    [Fact]
    public void All_fixtures_import_into_one_set_without_losing_types()
    {
        var set = new ContentDefinitionSet();
        var names = new HashSet<string>();
        foreach (var file in RecipeFixtures.FileNames)
        {
            foreach (var step in ContentDefinitionStep.FromRecipe(RecipeFixtures.Load(file)))
            {
                set.Import(step);
                names.UnionWith(step.ContentTypes.Select(t => t.Name));
            }
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), set.Types.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_later_step_adds_and_updates_parts_and_fields_without_dropping_others()
    {
        var set = new ContentDefinitionSet();
        set.Import(ContentDefinitionStep.Parse("""
            { "name": "ContentDefinition",
              "ContentTypes": [ { "Name": "Article", "DisplayName": "Article",
                "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true } },
                "ContentTypePartDefinitionRecords": [
                  { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "ContentTypePartSettings": { "Position": "0" } } },
                  { "PartName": "Article", "Name": "Article", "Settings": { "ContentTypePartSettings": { "Position": "1" } } } ] } ],
              "ContentParts": [ { "Name": "Article", "Settings": {},
                "ContentPartFieldDefinitionRecords": [
                  { "FieldName": "TextField", "Name": "Subtitle", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Subtitle", "Position": "0" } } } ] } ] }
            """));

        set.Import(ContentDefinitionStep.Parse("""
            { "name": "ContentDefinition",
              "ContentTypes": [ { "Name": "Article", "DisplayName": "健康文章",
                "Settings": { "ContentTypeSettings": { "Draftable": true } },
                "ContentTypePartDefinitionRecords": [
                  { "PartName": "InterestTagsPart", "Name": "InterestTagsPart", "Settings": { "ContentTypePartSettings": { "Position": "2" } } },
                  { "PartName": "Article", "Name": "Article", "Settings": { "ContentTypePartSettings": { "DisplayName": "Extra" } } } ] } ],
              "ContentParts": [ { "Name": "Article",
                "ContentPartFieldDefinitionRecords": [
                  { "FieldName": "TextField", "Name": "Subtitle", "Settings": { "TextFieldSettings": { "Required": true } } },
                  { "FieldName": "NumericField", "Name": "ReadingMinutes", "Settings": { "NumericFieldSettings": { "Minimum": 1 } } } ] } ] }
            """));

        var article = set.GetTypeDefinition("Article")!;
        Assert.Equal("健康文章", article.DisplayName);
        Assert.True(article.TypeSettings.Creatable);
        Assert.True(article.TypeSettings.Draftable);
        Assert.Equal(["TitlePart", "Article", "InterestTagsPart"], article.Parts.Select(p => p.Name));
        Assert.Equal(1, article.GetPart("Article")!.PartSettings.Position);
        Assert.Equal("Extra", article.GetPart("Article")!.PartSettings.DisplayName);

        var subtitle = set.GetPartDefinition("Article")!.GetField("Subtitle")!;
        Assert.Equal("Subtitle", subtitle.FieldSettings.DisplayName);
        Assert.True(subtitle.FieldSettings.Required);
        Assert.Equal("NumericField", set.GetPartDefinition("Article")!.GetField("ReadingMinutes")!.FieldName);
    }

    [Fact]
    public void Remove_type_and_part_and_field()
    {
        var set = BlogSet();

        Assert.True(set.RemoveType("Article"));
        Assert.Null(set.GetTypeDefinition("Article"));
        Assert.False(set.RemoveType("Article"));

        Assert.True(set.GetTypeDefinition("BlogPost")!.HasPart("BlogPost"));
        Assert.True(set.RemovePart("BlogPost"));
        Assert.Null(set.GetPartDefinition("BlogPost"));
        Assert.False(set.GetTypeDefinition("BlogPost")!.HasPart("BlogPost"));
        Assert.True(set.GetTypeDefinition("BlogPost")!.HasPart("TitlePart"));

        Assert.True(set.RemovePartFromType("Blog", "ListPart"));
        Assert.False(set.GetTypeDefinition("Blog")!.HasPart("ListPart"));

        Assert.True(set.RemoveField("Image", "Caption"));
        Assert.Null(set.GetPartDefinition("Image")!.GetField("Caption"));
        Assert.NotNull(set.GetPartDefinition("Image")!.GetField("Media"));
    }

    [Fact]
    public void Reorder_parts_rewrites_positions_and_order()
    {
        var set = BlogSet();

        set.ReorderParts("Article", ["HtmlBodyPart", "TitlePart"]);

        var article = set.GetTypeDefinition("Article")!;
        Assert.Equal(["HtmlBodyPart", "TitlePart", "AutoroutePart", "Article"], article.Parts.Select(p => p.Name));
        Assert.Equal([0, 1, 2, 3], article.Parts.Select(p => p.PartSettings.Position!.Value));
        Assert.Equal(article.Parts, article.OrderedParts);
        Assert.Equal("0", ContentDefinitionSet.FromJson(set.ToJson()).GetTypeDefinition("Article")!
            .GetPart("HtmlBodyPart")!.Settings["ContentTypePartSettings"]!["Position"]!.GetValue<string>());
    }

    [Fact]
    public void Reorder_fields_rewrites_positions_and_order()
    {
        var set = BlogSet();

        set.ReorderFields("BlogPost", ["Category", "Subtitle"]);

        var fields = set.GetPartDefinition("BlogPost")!.Fields;
        Assert.Equal(["Category", "Subtitle", "Image", "Tags"], fields.Select(f => f.Name));
        Assert.Equal([0, 1, 2, 3], fields.Select(f => f.FieldSettings.Position!.Value));
    }

    [Fact]
    public void Fields_of_a_type_part_come_from_its_part_definition()
    {
        var set = BlogSet();
        var blogPost = set.GetTypeDefinition("BlogPost")!;

        Assert.Equal(["Subtitle", "Image", "Tags", "Category"], set.GetFields(blogPost.GetPart("BlogPost")!).Select(f => f.Name));
        Assert.Empty(set.GetFields(blogPost.GetPart("TitlePart")!));
    }

    internal static ContentDefinitionSet BlogSet()
    {
        var set = new ContentDefinitionSet();
        foreach (var step in ContentDefinitionStep.FromRecipe(RecipeFixtures.Load("blog.recipe.json")))
        {
            set.Import(step);
        }

        return set;
    }
}
