using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Core.Security;
using Lianjie.Testing;
using Lianjie.Web.Setup;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Browser;

/// <summary>An administrator grants "edit own Article" in the role editor with a real browser.</summary>
public class RoleEditorBrowserTests
{
    [Fact]
    public async Task The_role_editor_offers_per_type_permissions_and_saves_a_ticked_one()
    {
        await using var site = await LiveSite.StartAsync();
        var setup = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("诊所", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, null, "blank"));
        Assert.True(setup.Succeeded, setup.Failure?.ToString());
        await site.ShellHost.EnableAsync(["Lianjie.Contents"]);
        var recipe = new JsonObject { ["name"] = "browser", ["steps"] = new JsonArray(Infrastructure.ContentsSite.ArticleDefinitionStep()) };
        Assert.True((await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(RecipeReader.Parse(recipe.ToJsonString()), new RecipeImportOptions())).Succeeded);

        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(site.Url("/login").ToString());
        await page.FillAsync("#userName", TestSite.AdminUser);
        await page.FillAsync("#password", TestSite.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");
        await page.GotoAsync(site.Url("/admin/roles").ToString());

        // The per-type row reads in Chinese and names the type.
        var row = page.Locator("tr", new() { Has = page.Locator("input[value='EditOwnContent.Article']") });
        Assert.Contains("编辑自己的此类型内容", await row.InnerTextAsync());
        Assert.Contains("Article", await row.InnerTextAsync());
        Assert.Equal(1, await page.Locator("input[value='PublishContent.Article']").CountAsync());

        await page.FillAsync("input[name=name]", "文章作者");
        await page.CheckAsync("input[value='EditOwnContent.Article']");
        await page.ClickAsync("form[action='/admin/roles'] button.btn-primary");
        await page.WaitForURLAsync("**message=saved**");

        Assert.True(await page.IsCheckedAsync("input[value='EditOwnContent.Article']"));
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var granted = await scope.ServiceProvider.GetRequiredService<IRolePermissionSource>().GetPermissionsAsync(["文章作者"]);
        Assert.Contains("EditOwnContent.Article", granted);
        Assert.DoesNotContain("EditContent.Article", granted);
    }
}
