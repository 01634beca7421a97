using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Simulator.Platform;
using Lianjie.WeChat.Sync;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Sync;

/// <summary>stable_token as an account setting, against the simulator's rules.</summary>
public class StableTokenTests
{
    private const string AppId = SimulatedAccount.AppId;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task With_stable_token_on_every_fetch_gets_the_same_token_while_it_is_valid(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        await site.InScopeAsync(async sp => { await sp.GetRequiredService<WeChatApiSettingsStore>().SetStableTokenAsync(AppId, true); return 0; });

        var first = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatApiClient>().AccessTokenAsync(AppId));
        // Another host with an empty cache (or a restart) asks again: WeChat answers the same token.
        await site.ScalarAsync("DELETE FROM \"WeChatApiCredentials\"; SELECT 1");
        var second = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatApiClient>().AccessTokenAsync(AppId));
        await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().SyncAsync(AppId));

        Assert.StartsWith(SimulatorSyncApi.StableTokenPrefix, first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.Equal(2, site.Controls().Calls(AppId, "stable_token"));
        Assert.Equal(0, site.Controls().Calls(AppId, "token"));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimTokens\" WHERE \"AppId\" = '{AppId}'"));
    }

    [Fact]
    public async Task After_40001_the_client_forces_a_refresh_once_and_the_old_token_stops_working()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await site.InScopeAsync(async sp => { await sp.GetRequiredService<WeChatApiSettingsStore>().SetStableTokenAsync(AppId, true); return 0; });
        var old = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatApiClient>().AccessTokenAsync(AppId));
        await site.ScalarAsync("UPDATE \"WeChatApiCredentials\" SET \"Value\" = 'forged' WHERE \"Kind\" = 'access_token'; SELECT 1");

        var tags = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().SyncAsync(AppId));

        Assert.Empty(tags);
        Assert.Equal(1, site.Controls().Calls(AppId, "stable_token/force"));
        var fresh = await site.TextAsync("SELECT \"Value\" FROM \"WeChatApiCredentials\" WHERE \"Kind\" = 'access_token'");
        Assert.NotEqual(old, fresh);
        // Forcing invalidated the previous stable token at the platform.
        var client = site.CreateClient();
        var withOld = await client.GetFromJsonAsync<JsonObject>($"/simulator/cgi-bin/tags/get?access_token={old}");
        Assert.Equal(40001, withOld!["errcode"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_token_expiring_mid_batch_is_renewed_once_through_stable_token_and_the_batch_completes()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await site.InScopeAsync(async sp => { await sp.GetRequiredService<WeChatApiSettingsStore>().SetStableTokenAsync(AppId, true); return 0; });
        var openIds = await site.AddPlatformFollowersAsync(100);
        var tag = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().CreateAsync(AppId, "讲座报名"));

        await site.InScopeAsync(async sp =>
        {
            var tags = sp.GetRequiredService<WeChatTagApi>();
            await tags.TagAsync(AppId, tag.TagId, openIds[..50]);
            await sp.GetRequiredService<SimulatorPlatform>().ExpireTokensAsync(AppId);
            await tags.TagAsync(AppId, tag.TagId, openIds[50..]);
            return 0;
        });

        Assert.Equal(100, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"TagId\" = {tag.TagId}"));
        Assert.Equal(2, await site.InScopeAsync(sp => sp.GetRequiredService<WeChatCredentialStore>().RefreshCountAsync(AppId, WeChatApiCredential.AccessToken)));
        // 42001 is an expiry, not a revoked token: renewed without spending a forced refresh.
        Assert.Equal(0, site.Controls().Calls(AppId, "stable_token/force"));
    }

    [Fact]
    public async Task The_simulator_refuses_bad_secrets_and_limits_forced_refreshes()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var client = site.CreateClient();
        async Task<JsonObject> Ask(string secret, bool force) =>
            (await (await client.PostAsJsonAsync("/simulator/cgi-bin/stable_token", new { grant_type = "client_credential", appid = AppId, secret, force_refresh = force })).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(40125, (await Ask("wrong", false))["errcode"]!.GetValue<int>());
        Assert.NotNull((await Ask("secret-" + AppId, true))["access_token"]);
        Assert.Equal(45011, (await Ask("secret-" + AppId, true))["errcode"]!.GetValue<int>());
    }

    [Fact]
    public void Forced_refreshes_are_limited_to_20_a_day_30_seconds_apart()
    {
        var limits = new StableTokenLimits();
        var start = new DateTime(2026, 3, 1, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 20; i++)
        {
            Assert.Null(limits.TryForce(AppId, start.AddMinutes(i)));
        }

        Assert.Equal(45009, limits.TryForce(AppId, start.AddHours(1)));
        Assert.Null(limits.TryForce(AppId, start.AddDays(1)));
        Assert.Equal(45011, limits.TryForce(AppId, start.AddDays(1).AddSeconds(10)));
    }
}
