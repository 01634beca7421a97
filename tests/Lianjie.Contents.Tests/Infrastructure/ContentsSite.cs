using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Infrastructure;

/// <summary>A test site with the Contents feature enabled, plus helpers to import recipes and reach services.</summary>
public static class ContentsSite
{
    public static async Task<TestSite> SetUpAsync(string provider = "sqlite")
    {
        var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Contents"]);
        return site;
    }

    public static async Task<RecipeReport> ImportAsync(this TestSite site, string json, string? basePath = null)
    {
        var importer = site.Services.GetRequiredService<RecipeImporter>();
        return await importer.ImportAsync(RecipeReader.Parse(json, basePath), new RecipeImportOptions { UserName = "test" });
    }

    public static async Task<RecipeReport> ImportStepsAsync(this TestSite site, params JsonObject[] steps)
    {
        var recipe = new JsonObject { ["name"] = "test", ["steps"] = new JsonArray([.. steps.Select(s => (JsonNode)s.DeepClone())]) };
        var report = await site.ImportAsync(recipe.ToJsonString());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        return report;
    }

    /// <summary>Runs <paramref name="action"/> with a fresh scope of the live shell.</summary>
    public static async Task<T> WithScopeAsync<T>(this TestSite site, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>An Article type like the clinic demo's: title, HTML body, autoroute, interest tags.</summary>
    public static JsonObject ArticleDefinitionStep() => JsonNode.Parse("""
        {
          "name": "ContentDefinition",
          "ContentTypes": [
            {
              "Name": "Article",
              "DisplayName": "Article",
              "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true, "Draftable": true, "Versionable": true } },
              "ContentTypePartDefinitionRecords": [
                { "PartName": "TitlePart", "Name": "TitlePart", "Settings": { "ContentTypePartSettings": { "Position": "0" } } },
                { "PartName": "HtmlBodyPart", "Name": "HtmlBodyPart", "Settings": { "ContentTypePartSettings": { "Position": "1" } } },
                { "PartName": "AutoroutePart", "Name": "AutoroutePart", "Settings": { "ContentTypePartSettings": { "Position": "2" } } },
                { "PartName": "InterestTagsPart", "Name": "InterestTagsPart", "Settings": { "ContentTypePartSettings": { "Position": "3" } } },
                { "PartName": "Article", "Name": "Article", "Settings": { "ContentTypePartSettings": { "Position": "4" } } }
              ]
            }
          ],
          "ContentParts": [
            {
              "Name": "Article",
              "Settings": {},
              "ContentPartFieldDefinitionRecords": [
                { "FieldName": "TextField", "Name": "Subtitle", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Subtitle", "Position": "0" } } },
                { "FieldName": "NumericField", "Name": "ReadingMinutes", "Settings": { "ContentPartFieldSettings": { "DisplayName": "Reading minutes", "Position": "1" }, "NumericFieldSettings": { "Required": true } } }
              ]
            }
          ]
        }
        """)!.AsObject();

    public static Lianjie.Contents.Items.ContentItem NewArticle(string title, string html, params string[] tags)
    {
        var item = new Lianjie.Contents.Items.ContentItem { ContentType = "Article", Title = title, HtmlBody = html };
        item.InterestTags = tags;
        item.SetFieldProperty("Article", "ReadingMinutes", "Value", 3);
        return item;
    }
}
