using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Recipes;

public class ClinicWeChatRecipeTests
{
    [Fact]
    public async Task The_clinic_wechat_recipe_gives_the_clinic_a_working_simulated_account()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        Loopback.Attach(site);
        var recipe = RecipeReader.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "clinic-wechat.recipe.json")));

        var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.False(recipe.IsSetupRecipe);
        await site.ShellHost.EnableAsync([LoopbackManifest.FeatureId]);

        var result = await site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>()
            .SendAsync(new Uri("http://localhost/"), new PhoneAction("subscribe", "wxclinicdemo0001", "oClinicDemo", Scene: "pharmacy_counter")));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("pharmacy_counter", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.subscribe'"));
    }
}
