using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Menus;

public class ClinicMenuTests
{
    [Fact]
    public async Task The_clinic_recipe_publishes_its_menu_to_the_simulator_and_exports_it_back()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        Loopback.Attach(site);
        var recipe = RecipeReader.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "clinic-wechat.recipe.json")));
        var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        await site.ShellHost.EnableAsync([LoopbackManifest.FeatureId]);

        Assert.Equal(1, await site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(10));
        var live = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatApiClient>().GetAsync("wxclinicdemo0001", "/cgi-bin/menu/get"));
        Assert.Equal(["健康讲座", "文章", "我的"], live["menu"]!["button"]!.AsArray().Select(b => b!["name"]!.GetValue<string>()));

        var exported = await site.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync("clinic"));
        Assert.Contains("MENU_LECTURE_SIGNUP", exported.ToJsonString(), StringComparison.Ordinal);
    }
}
