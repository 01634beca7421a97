using Lianjie.Testing;
using Lianjie.Web.Setup;
using Lianjie.WeChat.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lianjie.WeChat.Tests.Browser;

/// <summary>A live site with a simulated plain-mode account, for the menu editor's browser tests.</summary>
internal static class MenuBrowserSite
{
    public static async Task<LiveSite> StartAsync(string appId, string accountName, string secret)
    {
        var site = await LiveSite.StartAsync();
        try
        {
            var setup = await site.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("诊所", "Asia/Shanghai", TestSite.AdminUser, TestSite.AdminPassword, null, null, "blank"));
            Assert.True(setup.Succeeded, setup.Failure?.ToString());
            await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.WeChat", "Lianjie.WeChat.Simulator"]);
            await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();

            // The simulated account calls the simulator on this very site, over real HTTP.
            await scope.ServiceProvider.GetRequiredService<WeChatAccountService>().UpsertAsync(new WeChatAccountInput(
                appId, accountName, secret, null, "browserToken", WeChatMessageMode.Plain, true, site.Url("/simulator").ToString()));
            return site;
        }
        catch
        {
            await site.DisposeAsync();
            throw;
        }
    }

    /// <summary>Signs the administrator in on a new page and waits for the dashboard.</summary>
    public static async Task LogInAsync(IPage page, LiveSite site)
    {
        await page.GotoAsync(site.Url("/login").ToString());
        await page.FillAsync("#userName", TestSite.AdminUser);
        await page.FillAsync("#password", TestSite.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync("**/admin");
    }
}
