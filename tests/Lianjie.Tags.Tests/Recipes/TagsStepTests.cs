using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Recipes;

public class TagsStepTests
{
    [Fact]
    public async Task Importing_the_clinic_tags_recipe_twice_leaves_the_same_state()
    {
        await using var site = await TestSite.SetUpAsync("sqlite");
        var path = Path.Combine(AppContext.BaseDirectory, "recipes", "clinic-tags.recipe.json");
        var recipe = RecipeReader.ParseFile(path);

        for (var i = 0; i < 2; i++)
        {
            var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions { UserName = "tests" });
            Assert.True(report.Succeeded, report.Failure?.ToString());
        }

        Assert.Equal(4, await site.ScalarAsync("SELECT COUNT(*) FROM \"TagGroups\""));
        Assert.Equal(9, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\""));
        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\" t JOIN \"TagGroups\" g ON g.\"Id\" = t.\"GroupId\" WHERE g.\"Name\" = '疾病关注' AND t.\"Sensitive\" = 1"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"TagGroups\" WHERE \"Name\" = '身份' AND \"Exclusive\" = 1"));
        Assert.Equal(30, await site.ScalarAsync("SELECT \"ExpiryDays\" FROM \"Tags\" WHERE \"Name\" = '活跃'"));

        var exported = new RecipeExportContext();
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        foreach (var contributor in scope.ServiceProvider.GetServices<IRecipeExportContributor>())
        {
            await contributor.ContributeAsync(exported, CancellationToken.None);
        }

        var step = Assert.Single(exported.Steps, s => (string?)s["name"] == "Tags");
        Assert.Equal(9, step["Tags"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_tag_in_an_unknown_group_fails_the_import()
    {
        await using var site = await TestSite.SetUpAsync("sqlite");
        var recipe = RecipeReader.Parse("""
            { "name": "bad", "steps": [ { "name": "feature", "enable": [ "Lianjie.Followers", "Lianjie.Tags" ] },
              { "name": "Tags", "Tags": [ { "Name": "x", "Group": "无此分组" } ] } ] }
            """);
        var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions { UserName = "tests" });
        Assert.False(report.Succeeded);
    }
}
