using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Recipes;

public class ClinicContentRecipeTests
{
    [Fact]
    public async Task The_clinic_content_recipe_publishes_twelve_tagged_articles_and_reimports_in_place()
    {
        await using var site = await TestSite.SetUpAsync();
        var recipe = site.Services.GetRequiredService<RecipeHarvester>().Find("clinic-content");
        Assert.NotNull(recipe);
        Assert.False(recipe!.Value.Recipe.IsSetupRecipe);
        var importer = site.Services.GetRequiredService<RecipeImporter>();

        var report = await importer.ImportAsync(recipe.Value.Recipe, new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.True((await importer.ImportAsync(recipe.Value.Recipe, new RecipeImportOptions())).Succeeded);

        var all = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().ListAsync(new ContentQuery("Article", Take: 50)));
        Assert.Equal(12, all.Total);
        Assert.All(all.Items, a => Assert.NotEmpty(a.InterestTags));
        Assert.Equal(12, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\""));
        foreach (var tag in new[] { "肝病", "肾病", "饮食" })
        {
            var tagged = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().ListAsync(new ContentQuery("Article", Tag: tag)));
            Assert.True(tagged.Total >= 4, $"{tag}: {tagged.Total}");
        }

        var page = await site.CreateClient().GetStringAsync("/h5/kidney-low-salt");
        Assert.Contains("肾病患者如何做到低盐饮食", page);
    }
}
