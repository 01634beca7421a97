using System.Text.Json.Nodes;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tracking;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.Web.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lianjie.Contents.Tests.Browser;

/// <summary>A follower reads an article on a phone; the marketer sees the view and the read.</summary>
public class ArticleReadingBrowserTests
{
    [Fact]
    public async Task A_visitor_scrolls_an_article_to_the_end_and_the_admin_stats_show_one_view_and_one_read()
    {
        await using var site = await LiveSite.StartAsync();
        var setup = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("诊所", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, null, "blank"));
        Assert.True(setup.Succeeded, setup.Failure?.ToString());
        await site.ShellHost.EnableAsync(["Lianjie.Contents"]);

        // Reads count only by scrolling here: the time threshold is set out of reach.
        var definition = Infrastructure.ContentsSite.ArticleDefinitionStep();
        definition["ContentTypes"]![0]!["Settings"]![ContentTrackingSettings.SectionName] = new JsonObject { ["ReadSeconds"] = 600, ["ReadScrollPercent"] = 90 };
        var recipe = new JsonObject { ["name"] = "browser", ["steps"] = new JsonArray(definition) };
        var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(RecipeReader.Parse(recipe.ToJsonString()), new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());

        var body = string.Concat(Enumerable.Range(1, 40).Select(i => $"<p>第{i}段：慢性肾病患者应控制蛋白质和盐的摄入，定期复查肾功能。</p>"));
        var saved = await InScopeAsync(site, sp => sp.GetRequiredService<ContentManager>().SaveAsync(Infrastructure.ContentsSite.NewArticle("肾病饮食指南", body, "肾病"), true, "admin"));
        var id = saved.Item!.ContentItemId!;

        await using var browser = await BrowserSession.LaunchAsync();
        var phone = await browser.NewPageAsync(phone: true, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) MicroMessenger/8.0.50");
        await phone.GotoAsync(site.Url("/h5/" + Uri.EscapeDataString("肾病饮食指南")).ToString());
        Assert.Equal("肾病饮食指南", await phone.InnerTextAsync("h1"));
        // WeUI's subset loaded: the tab bar is a flex row.
        Assert.Equal("flex", await phone.EvaluateAsync<string>("getComputedStyle(document.querySelector('.weui-tabbar')).display"));

        if (Environment.GetEnvironmentVariable("LIANJIE_SCREENSHOTS") is { } shots)
        {
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "h5-article.png") });
        }

        await WaitForAsync(site, id, s => s.Views == 1);
        Assert.Equal(0, (await StatsAsync(site, id)).Reads);

        // Scroll down the way a thumb does, in steps, to the end.
        for (var i = 0; i < 10; i++)
        {
            await phone.Mouse.WheelAsync(0, 600);
            await phone.WaitForTimeoutAsync(100);
        }

        await phone.EvaluateAsync("window.scrollTo(0, document.body.scrollHeight)");
        await WaitForAsync(site, id, s => s.Reads == 1);

        // A reload does not count again.
        await phone.ReloadAsync();
        await phone.EvaluateAsync("window.scrollTo(0, document.body.scrollHeight)");
        await phone.WaitForTimeoutAsync(500);

        var admin = await browser.NewPageAsync();
        await admin.GotoAsync(site.Url("/login").ToString());
        await admin.FillAsync("#userName", TestSite.AdminUser);
        await admin.FillAsync("#password", TestSite.AdminPassword);
        await admin.ClickAsync("button[type=submit]");
        await admin.WaitForURLAsync("**/admin");
        await admin.GotoAsync(site.Url($"/admin/content/{id}/stats").ToString());

        if (Environment.GetEnvironmentVariable("LIANJIE_SCREENSHOTS") is { } adminShots)
        {
            await admin.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(adminShots, "admin-stats.png") });
        }

        Assert.Equal("1", await admin.InnerTextAsync("#stat-views"));
        Assert.Equal("1", await admin.InnerTextAsync("#stat-reads"));
        Assert.Equal("100%", await admin.InnerTextAsync("#stat-read-rate"));
    }

    private static async Task<T> InScopeAsync<T>(LiveSite site, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    private static Task<ContentStatsSummary> StatsAsync(LiveSite site, string id) =>
        InScopeAsync(site, sp => sp.GetRequiredService<ContentStats>().GetAsync(id));

    private static async Task WaitForAsync(LiveSite site, string id, Func<ContentStatsSummary, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        ContentStatsSummary stats;
        while (!condition(stats = await StatsAsync(site, id)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out: views {stats.Views}, reads {stats.Reads}.");
            await Task.Delay(200);
        }
    }
}
