using Lianjie.Testing;
using Lianjie.Web.Setup;
using Lianjie.WeChat.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lianjie.WeChat.Tests.Browser;

/// <summary>The menu editor shows only the fields a button's type uses, and switches them as the type changes.</summary>
[Collection(BrowserSession.Collection)]
public class MenuFieldsBrowserTests
{
    private const string AppId = "wxbrowsermenu0002";

    [Fact]
    public async Task Switching_a_buttons_type_shows_only_the_fields_that_type_uses()
    {
        await using var site = await MenuBrowserSite.StartAsync(AppId, "菜单字段测试号", "browser-secret-000000000002");

        // The script is the module's own file, not a CDN's, and the page without it hides nothing.
        using (var http = new HttpClient())
        {
            var script = await http.GetAsync(site.Url("/Lianjie.WeChat/js/menu-editor.js"));
            Assert.True(script.IsSuccessStatusCode, $"menu-editor.js: {(int)script.StatusCode}");
            Assert.Contains("data-menu-type", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();
        await MenuBrowserSite.LogInAsync(page, site);

        var response = await page.GotoAsync(site.Url($"/admin/wechat/menus/{AppId}").ToString());
        var html = await response!.TextAsync();
        Assert.Contains("<script src=\"/Lianjie.WeChat/js/menu-editor.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"<[^>]*data-menu-for[^>]*\shidden[\s>=]", html); // without JS every field shows

        // A new button is a click button: only its key.
        await ExpectFieldsAsync(page, "b0", key: true, url: false, mini: false);
        await ExpectFieldsAsync(page, "b0.s0", key: true, url: false, mini: false);

        await page.SelectOptionAsync("select[name='b0.type']", "view");
        await ExpectFieldsAsync(page, "b0", key: false, url: true, mini: false);

        await page.SelectOptionAsync("select[name='b0.type']", "miniprogram");
        await ExpectFieldsAsync(page, "b0", key: false, url: true, mini: true);
        // Each slot switches on its own: the sub-buttons of b0 are still click buttons.
        await ExpectFieldsAsync(page, "b0.s0", key: true, url: false, mini: false);

        await page.SelectOptionAsync("select[name='b0.s1.type']", "miniprogram");
        await ExpectFieldsAsync(page, "b0.s1", key: false, url: true, mini: true);
        await page.SelectOptionAsync("select[name='b0.s1.type']", "click");
        await ExpectFieldsAsync(page, "b0.s1", key: true, url: false, mini: false);

        // Saved as a mini program button, the page comes back with that type's fields only.
        await page.FillAsync("input[name='b0.name']", "小程序");
        await page.FillAsync("input[name='b0.url']", "https://clinic.example.com/fallback");
        await page.FillAsync("input[name='b0.appid']", "wx1234567890abcdef");
        await page.FillAsync("input[name='b0.pagepath']", "pages/index/index");
        await page.ClickAsync("#menu-editor button.btn-primary");
        await page.WaitForURLAsync("**message=saved");
        Assert.Equal("miniprogram", await page.InputValueAsync("select[name='b0.type']"));
        await ExpectFieldsAsync(page, "b0", key: false, url: true, mini: true);
        Assert.Equal("wx1234567890abcdef", await page.InputValueAsync("input[name='b0.appid']"));

        await page.SelectOptionAsync("select[name='b0.type']", "click");
        await ExpectFieldsAsync(page, "b0", key: true, url: false, mini: false);
    }

    private static async Task ExpectFieldsAsync(IPage page, string slot, bool key, bool url, bool mini)
    {
        Assert.Equal(key, await page.IsVisibleAsync($"input[name='{slot}.key']"));
        Assert.Equal(url, await page.IsVisibleAsync($"input[name='{slot}.url']"));
        Assert.Equal(mini, await page.IsVisibleAsync($"input[name='{slot}.appid']"));
        Assert.Equal(mini, await page.IsVisibleAsync($"input[name='{slot}.pagepath']"));
    }
}
