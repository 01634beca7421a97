using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Core.H5;
using Lianjie.Core.Modules;
using Lianjie.Testing;
using Lianjie.WeChat.H5;
using Lianjie.WeChat.Simulator.Platform;
using Lianjie.WeChat.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Sync;

/// <summary>Test-only feature: an H5 page that needs the follower's nickname (snsapi_userinfo).</summary>
public sealed class ProfilePageManifest : IModuleManifest
{
    public const string FeatureId = "Lianjie.WeChat.Tests.ProfilePage";

    public ModuleInfo Module { get; } = new(FeatureId, "WeChat test profile page", "An H5 page marked RequireWeChatUserInfo.", "Tests", ["Lianjie.WeChat"], typeof(ProfilePageStartup));
}

public sealed class ProfilePageStartup : ModuleStartup
{
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(UserInfoTests.ProfilePage, async (HttpContext http, IH5VisitorAccessor visitors) =>
        {
            var visitor = await visitors.GetAsync(http);
            return Results.Json(new { visitor.FollowerId, visitor.OpenId });
        }).AllowAnonymous().RequireWeChatUserInfo();
}

/// <summary>snsapi_userinfo: a page that needs the nickname gets it from /sns/userinfo after the code exchange, once per code.</summary>
public class UserInfoTests
{
    public const string ProfilePage = "/h5/test/profile";
    private const string AppId = SimulatedAccount.AppId;
    private const string WeChatUserAgent = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_page_needing_the_nickname_authorises_snsapi_userinfo_and_stores_the_profile(string provider)
    {
        await using var site = await StartAsync(provider);
        await SetProfileAsync(site, "oNick", "王阿姨", "https://wx.qlogo.cn/a.png");
        var phone = Phone(site);

        var authorize = (await phone.GetAsync(ProfilePage)).Headers.Location!;
        Assert.Contains("scope=snsapi_userinfo", authorize.ToString(), StringComparison.Ordinal);
        var callback = (await phone.GetAsync(Unfragment(authorize) + "&sim_openid=oNick")).Headers.Location!;
        Assert.Equal(ProfilePage, (await phone.GetAsync(callback.PathAndQuery)).Headers.Location!.ToString());

        var page = await phone.GetAsync(ProfilePage);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("oNick", JsonNode.Parse(await page.Content.ReadAsStringAsync())!["openId"]!.GetValue<string>());
        var profile = JsonNode.Parse((await site.TextAsync("SELECT \"Profile\" FROM \"Followers\" WHERE \"OpenId\" = 'oNick'"))!)!;
        Assert.Equal("王阿姨", profile["nickname"]!.GetValue<string>());
        Assert.Equal("https://wx.qlogo.cn/a.png", profile["headimgurl"]!.GetValue<string>());
        Assert.Equal(1, site.Controls().Calls(AppId, "sns/userinfo"));
    }

    [Fact]
    public async Task A_visitor_known_from_snsapi_base_is_asked_for_userinfo_only_where_a_page_needs_it()
    {
        await using var site = await StartAsync();
        var phone = Phone(site);
        var baseAuthorize = (await phone.GetAsync("/h5/test/whoami")).Headers.Location!;
        Assert.Contains("scope=snsapi_base", baseAuthorize.ToString(), StringComparison.Ordinal);
        var callback = (await phone.GetAsync(Unfragment(baseAuthorize) + "&sim_openid=oBase")).Headers.Location!;
        await phone.GetAsync(callback.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/h5/test/whoami")).StatusCode);
        Assert.Equal("{}", await site.TextAsync("SELECT \"Profile\" FROM \"Followers\" WHERE \"OpenId\" = 'oBase'"));

        var upgrade = await phone.GetAsync(ProfilePage);

        Assert.Equal(HttpStatusCode.Redirect, upgrade.StatusCode);
        Assert.Contains("scope=snsapi_userinfo", upgrade.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reused_or_forged_userinfo_code_is_refused_and_stores_no_profile()
    {
        await using var site = await StartAsync();
        await SetProfileAsync(site, "oVictim", "受害者", null);
        var victim = Phone(site);
        var authorize = (await victim.GetAsync(ProfilePage)).Headers.Location!;
        var callback = (await victim.GetAsync(Unfragment(authorize) + "&sim_openid=oVictim")).Headers.Location!;
        await victim.GetAsync(callback.PathAndQuery);
        var usedCode = Query(callback, "code");

        var attacker = Phone(site);
        var state = Query((await attacker.GetAsync(ProfilePage)).Headers.Location!, "state");
        await attacker.GetAsync($"{WeChatOAuthService.CallbackPath}?code={usedCode}&state={state}");
        var afterReuse = JsonNode.Parse(await attacker.GetStringAsync(ProfilePage))!;

        var forger = Phone(site);
        var forgedState = Query((await forger.GetAsync(ProfilePage)).Headers.Location!, "state");
        await forger.GetAsync($"{WeChatOAuthService.CallbackPath}?code=forged0123456789abcdef&state={forgedState}");
        var afterForgery = JsonNode.Parse(await forger.GetStringAsync(ProfilePage))!;

        Assert.Null(afterReuse["followerId"]?.GetValue<long?>());
        Assert.Null(afterForgery["followerId"]?.GetValue<long?>());
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal(1, site.Controls().Calls(AppId, "sns/userinfo"));
    }

    [Fact]
    public async Task The_simulator_answers_userinfo_only_for_a_userinfo_token()
    {
        await using var site = await StartAsync();
        var client = site.CreateClient();
        var platform = site.ShellHost.Current!.Services.CreateScope().ServiceProvider;
        var code = await platform.GetRequiredService<SimulatorPlatform>().IssueOAuthCodeAsync(AppId, "oPlain");
        var exchange = JsonNode.Parse(await client.GetStringAsync($"/simulator/sns/oauth2/access_token?appid={AppId}&secret=secret-{AppId}&code={code}&grant_type=authorization_code"))!;
        Assert.Equal("snsapi_base", exchange["scope"]!.GetValue<string>());

        var info = JsonNode.Parse(await client.GetStringAsync($"/simulator/sns/userinfo?access_token={exchange["access_token"]}&openid=oPlain"))!;
        var forged = JsonNode.Parse(await client.GetStringAsync("/simulator/sns/userinfo?access_token=forged&openid=oPlain"))!;

        Assert.Equal(48001, info["errcode"]!.GetValue<int>());
        Assert.Equal(40001, forged["errcode"]!.GetValue<int>());
    }

    private static async Task<TestSite> StartAsync(string provider = "sqlite")
    {
        var site = await SimulatedAccount.StartAsync(provider);
        await site.ShellHost.EnableAsync([ProfilePageManifest.FeatureId]);
        return site;
    }

    private static Task SetProfileAsync(TestSite site, string openId, string nickname, string? avatar) =>
        site.InScopeAsync(async sp => { await sp.GetRequiredService<SimulatorSyncApi>().SetProfileAsync(AppId, openId, nickname, avatar); return 0; });

    private static HttpClient Phone(TestSite site)
    {
        var client = site.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(WeChatUserAgent);
        return client;
    }

    private static string Unfragment(Uri url) => url.GetLeftPart(UriPartial.Query);

    private static string Query(Uri url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)[name].ToString();
}
