using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Core.Cli;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.AutoReplies;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Callback;

/// <summary>
/// Passive replies in compatible mode, message types nobody knows kept raw and readable through
/// /api/events, and the simulator's CLI verb sending a QR-scene subscribe and a menu click.
/// </summary>
public class ReplyModesAndRawTypesTests
{
    private const string AppId = "wxcompatsim000001";

    [Fact]
    public async Task In_compatible_mode_the_passive_reply_is_encrypted_like_the_callback()
    {
        await using var site = await WeChatSite.StartAsync("sqlite", WeChatSite.Simulator);
        await site.AddAccountAsync(AppId, WeChatMessageMode.Compatible, simulated: true, WeChatSite.SimulatorBase);
        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WeChatAutoReplyService>().ReplaceAsync(AppId,
            [
                new WeChatAutoReply { AppId = AppId, Trigger = WeChatAutoReply.Welcome, ReplyText = "欢迎关注兼容模式测试号" },
                new WeChatAutoReply { AppId = AppId, Trigger = WeChatAutoReply.Keyword, Match = "讲座", Exact = false, ReplyText = "本周讲座：肝病防治", Position = 1 },
            ]);
            return 0;
        });

        Task<PhoneResult> SendAsync(PhoneAction action) => site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), action));
        var welcome = await SendAsync(new PhoneAction("subscribe", AppId, "oCompat"));
        var keyword = await SendAsync(new PhoneAction("text", AppId, "oCompat", Content: "请问有讲座吗"));

        foreach (var result in new[] { welcome, keyword })
        {
            Assert.Equal(200, result.StatusCode);
            Assert.Contains("<Encrypt>", result.Body, StringComparison.Ordinal);
            Assert.Contains("<MsgSignature>", result.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("欢迎", result.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("讲座", result.Body, StringComparison.Ordinal);
        }

        Assert.Contains("欢迎关注兼容模式测试号", welcome.Reply, StringComparison.Ordinal);
        Assert.Contains("<ToUserName><![CDATA[oCompat]]></ToUserName>", keyword.Reply, StringComparison.Ordinal);
        Assert.Contains("本周讲座：肝病防治", keyword.Reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_unknown_message_type_is_kept_raw_and_readable_through_the_events_api(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var account = await site.AddAccountAsync(WeChatSite.SafeAppId, WeChatMessageMode.Safe);
        var now = WeChatSite.Now();
        // A message type WeChat may add tomorrow: nothing maps it, nothing of it is dropped.
        var xml = "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><FromUserName><![CDATA[oRawSender]]></FromUserName>"
            + $"<CreateTime>{now}</CreateTime><MsgType><![CDATA[miniprogrampage]]></MsgType><Title><![CDATA[健康自测]]></Title>"
            + "<AppId><![CDATA[wxminiapp0000001]]></AppId><PagePath><![CDATA[pages/test/index]]></PagePath><MsgId>7700000000000001</MsgId></xml>";

        var client = site.CreateClient();
        var first = await client.PostCallbackAsync(account, xml);
        var retry = await client.PostCallbackAsync(account, xml);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("success", await first.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, await site.LedgerCountAsync("wechat.unknown"));

        var api = await site.CreateApiClientAsync();
        var page = JsonNode.Parse(await api.GetStringAsync($"/api/events?openId=oRawSender&appId={WeChatSite.SafeAppId}"))!;
        var e = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("wechat.unknown", e["type"]!.GetValue<string>());
        Assert.Equal(WeChatSite.SafeAppId, e["appId"]!.GetValue<string>());
        Assert.Equal("miniprogrampage", e["payload"]!["MsgType"]!.GetValue<string>());
        Assert.Equal("健康自测", e["payload"]!["Title"]!.GetValue<string>());
        Assert.Equal("pages/test/index", e["payload"]!["PagePath"]!.GetValue<string>());
        Assert.Equal("7700000000000001", e["payload"]!["MsgId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_cli_verb_sends_a_subscribe_with_a_qr_scene_and_a_menu_click()
    {
        await using var site = await WeChatSite.StartAsync("sqlite", WeChatSite.Simulator);
        await site.AddAccountAsync(AppId, WeChatMessageMode.Safe, simulated: true, WeChatSite.SimulatorBase);

        var (subscribe, _) = await RunSimAsync(site, ["wechat-sim", "subscribe", "--app", AppId, "--openid", "oCliScan", "--scene", "counter_a", "--url", "http://localhost"]);
        var (click, _) = await RunSimAsync(site, ["wechat-sim", "click", "--app", AppId, "--openid", "oCliScan", "--key", "MENU_LECTURES", "--url", "http://localhost"]);
        var (json, output) = await RunSimAsync(site, ["wechat-sim", "click", "--app", AppId, "--openid", "oCliScan", "--key", "MENU_ARTICLES", "--url", "http://localhost", "--json"]);

        Assert.Equal(0, subscribe);
        Assert.Equal(0, click);
        Assert.Equal(0, json);
        Assert.Equal(200, JsonNode.Parse(output)!["status"]!.GetValue<int>());
        Assert.Equal("counter_a", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.subscribe'"));
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.click'"));
        Assert.Equal("MENU_LECTURES", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.click' ORDER BY \"Position\" LIMIT 1"));
        // The platform knows the user subscribed through that scene, as WeChat would report it.
        Assert.Equal("counter_a", await site.TextAsync($"SELECT \"Scene\" FROM \"WeChatSimFollowers\" WHERE \"AppId\" = '{AppId}' AND \"OpenId\" = 'oCliScan'"));
    }

    private static async Task<(int Code, string Output)> RunSimAsync(TestSite site, string[] args)
    {
        var stdout = new StringWriter();
        var cli = new CliArguments(args);
        var code = await site.InScopeAsync(sp =>
            sp.GetServices<ICliCommand>().Single(c => c.Verb == "wechat-sim").RunAsync(cli, new CliOutput(stdout, new StringWriter(), cli.Json), sp, CancellationToken.None));
        return (code, stdout.ToString());
    }
}
