using Lianjie.Testing;
using Microsoft.Playwright;

namespace Lianjie.Web.Tests.Browser;

/// <summary>A person at a real browser: setup form, sign-in, the admin in Chinese and English, a feature switch.</summary>
[Collection(BrowserSession.Collection)]
public class AdminBrowserTests
{
    [Fact]
    public async Task Set_up_sign_in_switch_language_and_enable_a_feature_in_a_real_browser()
    {
        await using var site = await LiveSite.StartAsync();
        await using var browser = await BrowserSession.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync(site.Url("/admin").ToString());
        Assert.EndsWith("/setup", page.Url);
        await page.FillAsync("#siteName", "浏览器诊所");
        await page.SelectOptionAsync("#recipe", "clinic");
        await page.FillAsync("#adminUser", "admin");
        await page.FillAsync("#password", "Passw0rd!");
        await page.ClickAsync("button[type=submit]");

        // A failed setup shows the form again with its error: report that rather than a timeout.
        await page.Locator("#setup-error, #userName").First.WaitForAsync();
        if (await page.Locator("#setup-error").CountAsync() > 0)
        {
            Assert.Fail("Setup failed: " + await page.InnerTextAsync("#setup-error"));
        }

        await page.WaitForURLAsync("**/login**");

        await page.FillAsync("#userName", "admin");
        await page.FillAsync("#password", "Passw0rd!");
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");
        Assert.Equal("admin", await page.InnerTextAsync("#current-user"));
        Assert.Contains("仪表盘", await page.InnerTextAsync("h1"));
        var bootstrapLoaded = await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.navbar')).display");
        Assert.Equal("flex", bootstrapLoaded);

        await page.ClickAsync("text=English");
        Assert.Contains("Dashboard", await page.InnerTextAsync("h1"));

        await page.ClickAsync("#admin-menu >> text=Features");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("tr[data-feature='Test.Beta'] >> text=Enable");
        await page.WaitForURLAsync("**/admin/features?message=*");
        Assert.Contains("Enabled", await page.InnerTextAsync("tr[data-feature='Test.Alpha']"));
        Assert.True(site.ShellHost.Current!.IsEnabled("Test.Beta"));

        var alpha = await page.Context.APIRequest.GetAsync(site.Url("/alpha").ToString());
        Assert.Equal("alpha", await alpha.TextAsync());
    }
}
