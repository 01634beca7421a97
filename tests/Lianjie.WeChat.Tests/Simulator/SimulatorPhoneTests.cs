using System.Net;
using Lianjie.Core.Cli;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Simulator;

/// <summary>The simulator's phone drives the real callback endpoint over HTTP, from code, the admin page and the CLI verb.</summary>
public class SimulatorPhoneTests
{
    private const string AppId = "wxsim000000000001";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_simulated_subscribe_with_a_scene_creates_the_follower_with_its_first_source(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider, WeChatSite.Simulator);
        await site.AddAccountAsync(AppId, WeChatMessageMode.Safe, simulated: true, WeChatSite.SimulatorBase);

        PhoneResult result;
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<SimulatorPhone>()
                .SendAsync(new Uri("http://localhost/"), new PhoneAction("subscribe", AppId, "oPoster1", Scene: "poster_kidney"));
        }

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("success", result.Body);
        Assert.Equal(1, await site.LedgerCountAsync("wechat.subscribe"));
        Assert.Equal(1, await site.LedgerCountAsync());
        await site.CatchUpAsync("followers.projection");
        Assert.Equal("qr:poster_kidney", await site.TextAsync("SELECT \"FirstSource\" FROM \"Followers\" WHERE \"OpenId\" = 'oPoster1'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimFollowers\" WHERE \"OpenId\" = 'oPoster1' AND \"Subscribed\" = TRUE"));
    }

    [Fact]
    public async Task The_admin_phone_posts_to_the_site_it_was_opened_on()
    {
        await using var site = await WeChatSite.StartAsync("sqlite", WeChatSite.Simulator);
        await site.AddAccountAsync(AppId, WeChatMessageMode.Plain, simulated: true, WeChatSite.SimulatorBase);
        var admin = await site.LoginAsync();

        var response = await TestSite.PostFormAsync(admin, "/admin/wechat/simulator", "/admin/wechat/simulator", new()
        {
            ["app"] = AppId,
            ["openid"] = "oAdminPhone",
            ["kind"] = "click",
            ["key"] = "MENU_LIVER",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"sim-result\"", await response.Content.ReadAsStringAsync());
        Assert.Equal("MENU_LIVER", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.click'"));
    }

    [Fact]
    public async Task The_cli_verb_sends_text_and_reports_the_answer()
    {
        await using var site = await WeChatSite.StartAsync("sqlite", WeChatSite.Simulator);
        await site.AddAccountAsync(AppId, WeChatMessageMode.Compatible, simulated: true, WeChatSite.SimulatorBase);
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int exit;
        await using (var scope = site.ShellHost.Current!.Services.CreateAsyncScope())
        {
            var command = scope.ServiceProvider.GetServices<ICliCommand>().Single(c => c.Verb == "wechat-sim");
            var args = new CliArguments(["wechat-sim", "text", "--app", AppId, "--openid", "oCli", "--content", "肾病讲座", "--url", "http://localhost"]);
            exit = await command.RunAsync(args, new CliOutput(stdout, stderr, json: false), scope.ServiceProvider, CancellationToken.None);
        }

        Assert.Equal(0, exit);
        Assert.StartsWith("200 success", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal("text", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.message'"));
        var payload = System.Text.Json.Nodes.JsonNode.Parse((await site.TextAsync("SELECT \"Payload\" FROM \"LedgerEvents\""))!)!;
        Assert.Equal("肾病讲座", payload["Content"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_phone_refuses_real_accounts()
    {
        await using var site = await WeChatSite.StartAsync("sqlite", WeChatSite.Simulator);
        await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain, simulated: false);
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();

        await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<SimulatorPhone>()
            .SendAsync(new Uri("http://localhost/"), new PhoneAction("subscribe", WeChatSite.PlainAppId, "oX")));
        Assert.Equal(0, await site.LedgerCountAsync());
    }
}
