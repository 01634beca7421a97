using System.Security.Cryptography;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Callback;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Support;

/// <summary>A test site with Followers and WeChat enabled, plus helpers to create accounts and post callbacks.</summary>
internal static class WeChatSite
{
    public const string PlainAppId = "wxplain0000000001";
    public const string SafeAppId = "wxsafe00000000001";
    public const string CompatibleAppId = "wxcompat000000001";
    public const string Token = "tok3nForTests";
    public const string Simulator = "Lianjie.WeChat.Simulator";

    /// <summary>Where simulated accounts in tests send API calls: the test server (any host name reaches it).</summary>
    public const string SimulatorBase = "http://localhost/simulator";

    public static async Task<TestSite> StartAsync(string provider = "sqlite", params string[] extraFeatures)
    {
        var site = await TestSite.SetUpAsync(provider);
        Loopback.Attach(site);
        await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.WeChat", LoopbackManifest.FeatureId, .. extraFeatures]);
        return site;
    }

    public static string NewAesKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=');

    public static async Task<WeChatAccountKeys> AddAccountAsync(this TestSite site, string appId, WeChatMessageMode mode, bool simulated = false, string? apiBaseUrl = null)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<WeChatAccountService>();
        await accounts.UpsertAsync(new WeChatAccountInput(appId, "Test " + appId, "secret-" + appId, mode == WeChatMessageMode.Plain ? null : NewAesKey(), Token, mode, simulated, apiBaseUrl));
        return (await accounts.GetKeysAsync(appId))!;
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public static string Nonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Signs (and for compatible/safe accounts encrypts) the message and posts it like WeChat would.</summary>
    public static Task<HttpResponseMessage> PostCallbackAsync(this HttpClient client, WeChatAccountKeys account, string messageXml, long? timestamp = null, string? nonce = null)
    {
        var composed = WeChatCallbackComposer.Compose(account, messageXml, timestamp ?? Now(), nonce ?? Nonce());
        return client.PostAsync(composed.PathAndQuery, new StringContent(composed.Body, System.Text.Encoding.UTF8, "text/xml"));
    }

    public static Task<long> LedgerCountAsync(this TestSite site, string? type = null) =>
        site.ScalarAsync(type is null ? "SELECT COUNT(*) FROM \"LedgerEvents\"" : $"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = '{type}'");
}
