using System.Net;
using Lianjie.Testing;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Callback;

/// <summary>Callbacks find their follower through a short-lived cache; erasure must not leave the old openid pointing at the erased follower.</summary>
public class ErasedSenderTests
{
    private const string AppId = SimulatedAccount.AppId;

    private static Task<PhoneResult> TextAsync(TestSite site, string openId, string text) =>
        site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), new PhoneAction("text", AppId, openId, Content: text)));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_message_after_erasure_belongs_to_a_new_follower_and_the_erased_one_keeps_only_its_anonymised_events(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        Assert.Equal(200, (await TextAsync(site, "oForgetMe", "第一次")).StatusCode);
        Assert.Equal(200, (await TextAsync(site, "oForgetMe", "第二次")).StatusCode); // answered from the cache
        var first = await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oForgetMe'");
        Assert.Equal(2, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.message' AND \"FollowerId\" = {first}"));

        var api = await site.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/followers/{first}")).StatusCode);
        Assert.Equal(200, (await TextAsync(site, "oForgetMe", "又来了")).StatusCode);

        var second = await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oForgetMe'");
        Assert.NotEqual(first, second);
        Assert.Equal(2, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.message' AND \"FollowerId\" = {first}"));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.message' AND \"FollowerId\" = {second}"));
    }
}
