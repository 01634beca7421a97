using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.Web.Setup;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lianjie.WeChat.Tests.Browser;

/// <summary>A marketer builds a menu in Chromium, sees a field error, publishes it, and the simulator's phone taps it.</summary>
[Collection(BrowserSession.Collection)]
public class MenuEditorBrowserTests
{
    private const string AppId = "wxbrowsermenu0001";

    [Fact]
    public async Task A_menu_built_in_the_browser_is_published_and_tapped_on_the_phone()
    {
        await using var site = await MenuBrowserSite.StartAsync(AppId, "浏览器测试号", "browser-secret-000000000001");
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await MenuBrowserSite.LogInAsync(page, site);

        await page.GotoAsync(site.Url($"/admin/wechat/menus/{AppId}").ToString());
        await page.FillAsync("input[name='b0.name']", "健康讲座与科普知识");
        await page.FillAsync("input[name='b0.key']", "MENU_LECTURES");
        await page.ClickAsync("#menu-editor button.btn-primary");
        Assert.Contains("(40018)", await page.InnerTextAsync("input[name='b0.name'] + .invalid-feedback"), StringComparison.Ordinal);

        await page.FillAsync("input[name='b0.name']", "健康讲座");
        await page.FillAsync("input[name='b1.name']", "文章");
        await page.SelectOptionAsync("select[name='b1.type']", "view");
        await page.FillAsync("input[name='b1.url']", "https://clinic.example.com/articles");
        await page.ClickAsync("#menu-editor button.btn-primary");
        await page.WaitForURLAsync("**message=saved");

        await page.ClickAsync("#menu-status button.btn-success");
        await page.WaitForURLAsync("**message=queued");
        Assert.Equal("已排队", await page.InnerTextAsync("#menu-status .menu-status"));
        Assert.Equal(1, await site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(10));
        await page.ReloadAsync();
        Assert.Equal("已完成", await page.InnerTextAsync("#menu-status .menu-status"));

        await page.GotoAsync(site.Url($"/admin/wechat/simulator?app={AppId}&openid=oBrowserPhone").ToString());
        await page.ClickAsync("#sim-menu button[data-key='MENU_LECTURES']");
        await page.WaitForSelectorAsync("#sim-result");
        if (Environment.GetEnvironmentVariable("LIANJIE_SCREENSHOTS") is { } shots)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "wechat-menu-phone.png") });
        }

        Assert.Contains("200", await page.InnerTextAsync("#sim-result"), StringComparison.Ordinal);
        await using var check = site.ShellHost.Current!.Services.CreateAsyncScope();
        var (clicks, _) = await check.ServiceProvider.GetRequiredService<IBehaviourLedger>().QueryAsync(new LedgerQuery(Type: "wechat.click"));
        Assert.Equal("MENU_LECTURES", Assert.Single(clicks).Subject);
    }
}
