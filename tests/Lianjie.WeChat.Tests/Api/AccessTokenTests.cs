using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Simulator.Platform;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Api;

/// <summary>The shared access-token cache against the simulator: fetched once, refreshed once, shared by "hosts" (scopes).</summary>
public class AccessTokenTests
{
    private const string AppId = SimulatedAccount.AppId;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_token_expiring_mid_batch_is_refreshed_once_and_the_batch_completes(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        var openIds = await site.AddPlatformFollowersAsync(120);
        var tag = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().CreateAsync(AppId, "慢性肾病患者"));

        var chunks = openIds.Chunk(WeChatPlatformLimits.MaxOpenIdsPerBatchTagging).ToList();
        await site.InScopeAsync(async sp =>
        {
            var tags = sp.GetRequiredService<WeChatTagApi>();
            await tags.TagAsync(AppId, tag.TagId, chunks[0]);
            await sp.GetRequiredService<SimulatorPlatform>().ExpireTokensAsync(AppId);
            await tags.TagAsync(AppId, tag.TagId, chunks[1]);
            await tags.TagAsync(AppId, tag.TagId, chunks[2]);
            return 0;
        });

        Assert.Equal(120, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"TagId\" = {tag.TagId}"));
        Assert.Equal(2, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimTokens\" WHERE \"AppId\" = '{AppId}' AND \"Kind\" = 'access_token'"));
        Assert.Equal(2, await site.InScopeAsync(sp => sp.GetRequiredService<WeChatCredentialStore>().RefreshCountAsync(AppId, WeChatApiCredential.AccessToken)));
        // 3 successful batches plus the one refused with 42001 and retried.
        Assert.Equal(4, site.Controls().Calls(AppId, "tags/members/batchtagging"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Many_hosts_finding_the_token_expired_refresh_it_once(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().SyncAsync(AppId));
        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<SimulatorPlatform>().ExpireTokensAsync(AppId);
            return 0;
        });

        // Each scope has its own connection: as far as the cache is concerned, its own host.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().SyncAsync(AppId))));

        Assert.Equal(2, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimTokens\" WHERE \"AppId\" = '{AppId}'"));
    }

    [Fact]
    public async Task An_invalid_token_40001_is_replaced_and_the_call_retried_once()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().SyncAsync(AppId));
        await site.ScalarAsync("UPDATE \"WeChatApiCredentials\" SET \"Value\" = 'forged' WHERE \"Kind\" = 'access_token'; SELECT 1");

        var tags = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().SyncAsync(AppId));

        Assert.Empty(tags);
        Assert.Equal(2, site.Controls().Calls(AppId, "token"));
    }

    [Fact]
    public async Task Other_error_codes_raise_WeChatApiException_with_the_code()
    {
        await using var site = await SimulatedAccount.StartAsync();

        var error = await Assert.ThrowsAsync<WeChatApiException>(() => site.InScopeAsync(sp =>
            sp.GetRequiredService<WeChatApiClient>().GetAsync(AppId, "/cgi-bin/user/info", new Dictionary<string, string> { ["openid"] = "oNobody" })));

        Assert.Equal(WeChatApiException.InvalidOpenId, error.Code);
        Assert.False(error.ShouldBackOff);
    }

    [Fact]
    public async Task The_simulator_issues_tokens_only_to_simulated_accounts_with_their_secret()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await site.AddAccountAsync(WeChatSite.PlainAppId, Accounts.WeChatMessageMode.Plain, simulated: false);
        var client = site.CreateClient();

        var real = await client.GetStringAsync($"/simulator/cgi-bin/token?grant_type=client_credential&appid={WeChatSite.PlainAppId}&secret=secret-{WeChatSite.PlainAppId}");
        var wrongSecret = await client.GetStringAsync($"/simulator/cgi-bin/token?grant_type=client_credential&appid={AppId}&secret=nope");
        var right = await client.GetStringAsync($"/simulator/cgi-bin/token?grant_type=client_credential&appid={AppId}&secret=secret-{AppId}");

        Assert.Contains("40013", real, StringComparison.Ordinal);
        Assert.Contains("40125", wrongSecret, StringComparison.Ordinal);
        Assert.Contains("\"access_token\":\"simtok_", right, StringComparison.Ordinal);
    }
}
