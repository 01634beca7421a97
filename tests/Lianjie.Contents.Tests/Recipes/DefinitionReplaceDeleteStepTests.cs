using System.Text.Json.Nodes;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Recipes;

/// <summary>Orchard's ReplaceContentDefinition and DeleteContentDefinition recipe steps.</summary>
public class DefinitionReplaceDeleteStepTests
{
    private static JsonObject Step(string json) => JsonNode.Parse(json)!.AsObject();

    private static Task<Lianjie.Contents.Definitions.ContentDefinitionSet> DefinitionsAsync(TestSite site) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<ContentDefinitionStore>().LoadAsync());

    [Fact]
    public async Task Replace_recreates_the_named_type_and_part_without_merging_and_leaves_others()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep(), Step("""
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Page", "DisplayName": "Page",
              "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ] } ] }
            """));

        await site.ImportStepsAsync(Step("""
            { "name": "replacecontentdefinition",
              "ContentTypes": [ { "Name": "Article", "DisplayName": "健康文章",
                "Settings": { "ContentTypeSettings": { "Creatable": true } },
                "ContentTypePartDefinitionRecords": [
                  { "PartName": "TitlePart", "Name": "TitlePart" },
                  { "PartName": "Article", "Name": "Article" } ] } ],
              "ContentParts": [ { "Name": "Article",
                "ContentPartFieldDefinitionRecords": [ { "FieldName": "TextField", "Name": "Source" } ] } ] }
            """));

        var set = await DefinitionsAsync(site);
        var article = set.GetTypeDefinition("Article")!;
        Assert.Equal("健康文章", article.DisplayName);
        Assert.Equal(["TitlePart", "Article"], article.Parts.Select(p => p.Name));
        Assert.False(article.HasPart("HtmlBodyPart")); // an alter would have kept it
        Assert.Equal(["Source"], set.GetPartDefinition("Article")!.Fields.Select(f => f.Name));
        Assert.Equal(["Article", "Page"], set.Types.Select(t => t.Name));
        Assert.True(set.GetTypeDefinition("Page")!.HasPart("TitlePart"));
    }

    [Fact]
    public async Task Delete_removes_types_and_parts_by_name_detaching_the_part_from_types()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep(), Step("""
            { "name": "ContentDefinition", "ContentTypes": [ { "Name": "Page",
              "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" }, { "PartName": "Article", "Name": "Article" } ] } ] }
            """));

        var report = await site.ImportStepsAsync(Step("""
            { "name": "DeleteContentDefinition", "ContentTypes": [ "Article", "Missing" ], "ContentParts": [ "Article" ] }
            """));

        var set = await DefinitionsAsync(site);
        Assert.Null(set.GetTypeDefinition("Article"));
        Assert.Null(set.GetPartDefinition("Article"));
        Assert.Equal(["TitlePart"], set.GetTypeDefinition("Page")!.Parts.Select(p => p.Name));
        Assert.Contains(report.Warnings, w => w.Contains("Missing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_delete_step_fails_the_import_and_changes_nothing()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var recipe = """
            { "name": "bad", "steps": [
              { "name": "DeleteContentDefinition", "ContentTypes": [ "Article" ] },
              { "name": "DeleteContentDefinition", "ContentTypes": [ { "Name": "Page" } ] } ] }
            """;

        var report = await site.ImportAsync(recipe);

        Assert.False(report.Succeeded);
        Assert.NotNull((await DefinitionsAsync(site)).GetTypeDefinition("Article"));
    }
}
