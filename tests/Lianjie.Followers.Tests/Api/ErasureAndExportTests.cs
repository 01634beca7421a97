using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;

namespace Lianjie.Followers.Tests.Api;

public class ErasureAndExportTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Erasure_removes_personal_data_keeps_amounts_and_a_resubscribe_is_a_new_follower(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oErase");
        await api.PostAsJsonAsync("/api/events", new { type = "commerce.purchase", openId = "oErase", payload = new { amount = 99.5, currency = "CNY", address = "杭州市西湖区" } });
        await api.PatchAsJsonAsync($"/api/followers/{id}", new { phone = "13812345678" });
        await site.ScalarAsync($"UPDATE \"Followers\" SET \"Nickname\" = '张三', \"UnionId\" = 'u-erase' WHERE \"Id\" = {id}");
        await site.ScalarAsync($"INSERT INTO \"FollowerConsents\" (\"FollowerId\", \"Purpose\", \"Granted\", \"Source\", \"TimeUtc\") VALUES ({id}, 'health', {(provider == "sqlite" ? "1" : "true")}, 'h5', CURRENT_TIMESTAMP)");

        var erase = await api.DeleteAsync($"/api/followers/{id}");
        var again = await api.DeleteAsync($"/api/followers/{id}");

        Assert.Equal(HttpStatusCode.NoContent, erase.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/followers/{id}")).StatusCode);
        Assert.Equal($"erased-{id}", await site.TextAsync($"SELECT \"OpenId\" FROM \"Followers\" WHERE \"Id\" = {id}"));
        Assert.Null(await site.TextAsync($"SELECT \"Nickname\" FROM \"Followers\" WHERE \"Id\" = {id}"));
        Assert.Null(await site.TextAsync($"SELECT \"UnionId\" FROM \"Followers\" WHERE \"Id\" = {id}"));
        Assert.Equal("{}", await site.TextAsync($"SELECT \"Profile\" FROM \"Followers\" WHERE \"Id\" = {id}"));
        Assert.NotNull(await site.TextAsync($"SELECT \"ErasedUtc\" FROM \"Followers\" WHERE \"Id\" = {id}"));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerConsents\" WHERE \"FollowerId\" = {id}"));
        var payload = JsonNode.Parse((await site.TextAsync($"SELECT \"Payload\" FROM \"LedgerEvents\" WHERE \"FollowerId\" = {id} AND \"Type\" = 'commerce.purchase'"))!)!.AsObject();
        Assert.Equal(["amount", "currency"], payload.Select(p => p.Key).Order());
        Assert.Equal(99.5m, payload["amount"]!.GetValue<decimal>());
        Assert.Equal(0, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"DedupeKey\" LIKE '%oErase%'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.erase'"));

        var newId = await FollowerSites.FollowerAsync(api, "oErase");
        await site.CatchUpAllAsync();

        Assert.NotEqual(id, newId);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        var list = await api.GetFromJsonAsync<JsonObject>("/api/followers?openId=oErase");
        Assert.Equal(newId, Assert.Single(list!["items"]!.AsArray())!["id"]!.GetValue<long>());
        Assert.Equal(99.5m, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"FollowerId\" = {id} AND \"Type\" = 'commerce.purchase'") * 99.5m);
    }

    [Fact]
    public async Task The_data_export_holds_profile_consents_and_timeline_and_is_audited()
    {
        await using var site = await FollowerSites.SiteAsync();
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oExport");
        await api.PostAsJsonAsync("/api/events", new { type = "content.read", openId = "oExport", subject = "article-7" });
        await api.PatchAsJsonAsync($"/api/followers/{id}", new { city = "成都" });
        await site.ScalarAsync($"INSERT INTO \"FollowerConsents\" (\"FollowerId\", \"Purpose\", \"Granted\", \"Source\", \"TimeUtc\") VALUES ({id}, 'marketing', 1, 'h5', CURRENT_TIMESTAMP)");

        var export = await api.GetFromJsonAsync<JsonObject>($"/api/followers/{id}/export");

        Assert.Equal("成都", export!["profile"]!["city"]!.GetValue<string>());
        Assert.Equal(["wechat.subscribe", "content.read"], export["timeline"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()));
        Assert.Equal("article-7", export["timeline"]![1]!["subject"]!.GetValue<string>());
        Assert.Equal("marketing", Assert.Single(export["consents"]!.AsArray())!["purpose"]!.GetValue<string>());
        Assert.Equal("oExport", export["follower"]!["openId"]!.GetValue<string>());
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.data.export' AND \"Target\" = 'follower:{id}'"));
    }
}
