using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.H5;
using Lianjie.WeChat.Tests.Support;

namespace Lianjie.WeChat.Tests.H5;

/// <summary>H5 identity: only a code exchanged server-side (once) makes a visitor a follower.</summary>
public class OAuthIdentityTests
{
    private const string AppId = SimulatedAccount.AppId;
    private const string WeChatUserAgent = "Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI";
    private const string Page = "/h5/test/whoami";

    [Fact]
    public async Task Inside_WeChat_an_unknown_visitor_goes_through_OAuth_and_comes_back_as_the_follower()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var phone = WeChatClient(site);

        var (visitor, _) = await AuthorizeAsync(phone, "oH5Reader");

        Assert.Equal("oH5Reader", visitor["openId"]!.GetValue<string>());
        Assert.Equal(AppId, visitor["accountId"]!.GetValue<string>());
        Assert.Equal(await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oH5Reader'"), visitor["followerId"]!.GetValue<long>());
        // Identified now: the next page opens directly.
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync(Page)).StatusCode);
    }

    [Fact]
    public async Task A_reused_code_leaves_the_visitor_anonymous()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var (_, code) = await AuthorizeAsync(WeChatClient(site), "oVictim");
        var attacker = WeChatClient(site);

        var state = StateOf((await attacker.GetAsync(Page)).Headers.Location!);
        var back = await attacker.GetAsync($"{WeChatOAuthService.CallbackPath}?code={code}&state={state}");
        var visitor = await WhoAmIAsync(attacker);

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Null(visitor["followerId"]?.GetValue<long?>());
        Assert.Null(visitor["openId"]?.GetValue<string?>());
    }

    [Fact]
    public async Task A_forged_code_or_a_foreign_state_leaves_the_visitor_anonymous()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var forger = WeChatClient(site);
        var state = StateOf((await forger.GetAsync(Page)).Headers.Location!);
        await forger.GetAsync($"{WeChatOAuthService.CallbackPath}?code=forged0123456789&state={state}");

        var crossSite = WeChatClient(site);
        var authorize = (await WeChatClient(site).GetAsync(Page)).Headers.Location!;
        var codeForSomeoneElse = CodeOf((await crossSite.GetAsync(Unfragment(authorize) + "&sim_openid=oOther")).Headers.Location!);
        await crossSite.GetAsync($"{WeChatOAuthService.CallbackPath}?code={codeForSomeoneElse}&state={StateOf(authorize)}");

        Assert.Null((await WhoAmIAsync(forger))["followerId"]?.GetValue<long?>());
        Assert.Null((await WhoAmIAsync(crossSite))["followerId"]?.GetValue<long?>());
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
    }

    [Fact]
    public async Task A_tampered_cookie_or_a_follower_id_in_the_query_is_not_trusted()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var raw = Loopback.RawClient(site);
        raw.DefaultRequestHeaders.UserAgent.ParseAdd(WeChatUserAgent);
        var genuine = await FollowerCookieAsync(site, "oGenuine");
        var tampered = genuine[..^4] + (genuine[^4] == 'A' ? 'B' : 'A') + genuine[^3..];

        var withGenuine = await GetJsonAsync(raw, Page, $"{WeChatFollowerCookie.CookieName}={genuine}");
        var withTampered = await raw.SendAsync(Request(Page, $"{WeChatFollowerCookie.CookieName}={tampered}"));
        var tamperedAfterSkip = await GetJsonAsync(raw, Page, $"{WeChatFollowerCookie.CookieName}={tampered}; {WeChatOAuthService.SkipCookie}=1");
        var queryClaim = await WhoAmIAsync(site.CreateClient(), Page + "?followerId=1&openid=oGenuine");

        Assert.Equal("oGenuine", withGenuine["openId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Redirect, withTampered.StatusCode);
        Assert.Null(tamperedAfterSkip["followerId"]?.GetValue<long?>());
        Assert.Null(queryClaim["followerId"]?.GetValue<long?>());
    }

    [Fact]
    public async Task Outside_WeChat_pages_open_for_an_anonymous_visitor_without_redirect()
    {
        await using var site = await SimulatedAccount.StartAsync();

        var response = await site.CreateClient().GetAsync(Page);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var visitor = Visitor(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("v_", visitor["visitorId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(visitor["followerId"]?.GetValue<long?>());
    }

    [Fact]
    public async Task The_jssdk_config_is_signed_with_the_cached_ticket_for_this_site_only()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var client = site.CreateClient();
        const string url = "http://localhost/h5/articles/1?from=share#top";

        var config = await client.GetFromJsonNodeAsync("/h5/jssdk-config?url=" + Uri.EscapeDataString(url));
        await client.GetFromJsonNodeAsync("/h5/jssdk-config?url=" + Uri.EscapeDataString(url));
        var foreign = await client.GetAsync("/h5/jssdk-config?url=" + Uri.EscapeDataString("https://evil.example/page"));

        var ticket = await site.TextAsync("SELECT \"Value\" FROM \"WeChatApiCredentials\" WHERE \"Kind\" = 'jsapi_ticket'");
        Assert.Equal(AppId, config["appId"]!.GetValue<string>());
        Assert.Equal(WeChatSignature.ForJsSdk(ticket!, config["nonceStr"]!.GetValue<string>(), config["timestamp"]!.GetValue<string>(), url), config["signature"]!.GetValue<string>());
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimTokens\" WHERE \"Kind\" = 'jsapi_ticket'"));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    private static HttpClient WeChatClient(TestSite site)
    {
        var client = site.CreateClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(WeChatUserAgent);
        return client;
    }

    /// <summary>The full round trip a phone makes: page → authorize → callback → page. Returns the visitor and the code used.</summary>
    private static async Task<(JsonNode Visitor, string Code)> AuthorizeAsync(HttpClient phone, string openId)
    {
        var toAuthorize = await phone.GetAsync(Page);
        Assert.Equal(HttpStatusCode.Redirect, toAuthorize.StatusCode);
        var authorize = toAuthorize.Headers.Location!;
        Assert.Contains("/simulator/connect/oauth2/authorize", authorize.ToString(), StringComparison.Ordinal);

        var toCallback = await phone.GetAsync(Unfragment(authorize) + "&sim_openid=" + openId);
        var callback = toCallback.Headers.Location!;
        var toPage = await phone.GetAsync(callback.PathAndQuery);
        Assert.Equal(Page, toPage.Headers.Location!.ToString());
        // The identity travels only in a signed cookie scripts cannot read.
        var cookie = Assert.Single(toPage.Headers.GetValues("Set-Cookie"), c => c.StartsWith(WeChatFollowerCookie.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        return (await WhoAmIAsync(phone), CodeOf(callback));
    }

    private static async Task<JsonNode> WhoAmIAsync(HttpClient client, string path = Page)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Visitor(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Parses the page's answer, insisting on its shape so a null means "anonymous", never "missing".</summary>
    private static JsonNode Visitor(string json)
    {
        var visitor = JsonNode.Parse(json)!.AsObject();
        Assert.True(visitor.ContainsKey("followerId") && visitor.ContainsKey("visitorId"), json);
        return visitor;
    }

    /// <summary>Authorises a client without a cookie jar, to get hold of the follower cookie's value.</summary>
    private static async Task<string> FollowerCookieAsync(TestSite site, string openId)
    {
        var raw = Loopback.RawClient(site);
        raw.DefaultRequestHeaders.UserAgent.ParseAdd(WeChatUserAgent);
        var start = await raw.GetAsync(Page);
        var pending = start.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(WeChatOAuthService.PendingCookie + "=", StringComparison.Ordinal)).Split(';')[0];
        var code = CodeOf((await raw.GetAsync(Unfragment(start.Headers.Location!) + "&sim_openid=" + openId)).Headers.Location!);
        var done = await raw.SendAsync(Request($"{WeChatOAuthService.CallbackPath}?code={code}&state={StateOf(start.Headers.Location!)}", pending));
        return done.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(WeChatFollowerCookie.CookieName + "=", StringComparison.Ordinal)).Split(';')[0][(WeChatFollowerCookie.CookieName.Length + 1)..];
    }

    private static HttpRequestMessage Request(string path, string cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return request;
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path, string cookie)
    {
        var response = await client.SendAsync(Request(path, cookie));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Visitor(await response.Content.ReadAsStringAsync());
    }

    private static string Unfragment(Uri url) => url.GetLeftPart(UriPartial.Query);

    private static string StateOf(Uri url) => Query(url, "state");

    private static string CodeOf(Uri url) => Query(url, "code");

    private static string Query(Uri url, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)[name].ToString();
}

internal static class JsonNodeHttp
{
    public static async Task<JsonNode> GetFromJsonNodeAsync(this HttpClient client, string path) =>
        JsonNode.Parse(await client.GetStringAsync(path))!;
}
