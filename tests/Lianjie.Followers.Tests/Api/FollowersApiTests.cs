using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;

namespace Lianjie.Followers.Tests.Api;

public class FollowersApiTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_list_filters_by_every_tag_and_by_openid_and_pages(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var api = await site.CreateApiClientAsync();
        foreach (var (openId, tags) in new[] { ("oA", new[] { "VIP", "肾病" }), ("oB", new[] { "VIP" }), ("oC", new[] { "肾病" }), ("oD", Array.Empty<string>()) })
        {
            await FollowerSites.FollowerAsync(api, openId);
            if (tags.Length > 0)
            {
                await FollowerSites.FollowerAsync(api, openId, "tag.added", new { tags });
            }
        }

        await site.CatchUpAllAsync();

        var vip = await api.GetFromJsonAsync<JsonObject>("/api/followers?tag=VIP");
        var both = await api.GetFromJsonAsync<JsonObject>("/api/followers?tag=VIP&tag=%E8%82%BE%E7%97%85");
        var paged = await api.GetFromJsonAsync<JsonObject>("/api/followers?skip=1&take=2&sort=oldest");
        var byOpenId = await api.GetFromJsonAsync<JsonObject>("/api/followers?openId=oC");

        Assert.Equal(2, vip!["total"]!.GetValue<int>());
        Assert.Equal("oA", Assert.Single(both!["items"]!.AsArray())!["openId"]!.GetValue<string>());
        Assert.Equal(4, paged!["total"]!.GetValue<int>());
        Assert.Equal(["oB", "oC"], paged["items"]!.AsArray().Select(i => i!["openId"]!.GetValue<string>()));
        var c = Assert.Single(byOpenId!["items"]!.AsArray())!;
        Assert.Equal(["肾病"], c["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.True(c["subscribed"]!.GetValue<bool>());
        Assert.NotNull(c["counters"]!["reads"]);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_search_word_keeps_the_chosen_order(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var api = await site.CreateApiClientAsync();
        foreach (var openId in new[] { "oFirst", "oSecond", "oThird" })
        {
            var id = await FollowerSites.FollowerAsync(api, openId);
            (await api.PatchAsJsonAsync($"/api/followers/{id}", new { city = "杭州" })).EnsureSuccessStatusCode();
            await Task.Delay(20); // distinct first-seen times
        }

        await FollowerSites.FollowerAsync(api, "oElsewhere");
        await site.CatchUpAllAsync();

        var newest = await api.GetFromJsonAsync<JsonObject>("/api/followers?q=" + Uri.EscapeDataString("杭州") + "&sort=newest");
        var oldest = await api.GetFromJsonAsync<JsonObject>("/api/followers?q=" + Uri.EscapeDataString("杭州") + "&sort=oldest&skip=1&take=1");

        Assert.Equal(["oThird", "oSecond", "oFirst"], newest!["items"]!.AsArray().Select(i => i!["openId"]!.GetValue<string>()));
        Assert.Equal(3, newest["total"]!.GetValue<int>());
        Assert.Equal("oSecond", Assert.Single(oldest!["items"]!.AsArray())!["openId"]!.GetValue<string>());
        Assert.Equal(3, oldest["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Get_and_patch_profile_fields(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oPatch");

        var patched = await api.PatchAsJsonAsync($"/api/followers/{id}", new { city = "杭州", phone = "13812345678" });
        var removed = await api.PatchAsync($"/api/followers/{id}", JsonContent.Create(new JsonObject { ["phone"] = null }));
        var follower = await api.GetFromJsonAsync<JsonObject>($"/api/followers/{id}");
        var tooLong = await api.PatchAsJsonAsync($"/api/followers/{id}", new Dictionary<string, string> { [new string('x', 65)] = "1" });
        var notString = await api.PatchAsync($"/api/followers/{id}", JsonContent.Create(new JsonObject { ["age"] = 42 }));
        var missing = await api.GetAsync("/api/followers/999999");

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal("杭州", follower!["profile"]!["city"]!.GetValue<string>());
        Assert.Null(follower["profile"]!["phone"]);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notString.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.profile.update'"));
    }

    [Fact]
    public async Task With_a_FollowerProfile_type_an_unknown_field_is_a_400()
    {
        await using var site = await FollowerSites.SiteAsync("sqlite", FakeProfileTypeManifest.Id);
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oTyped");

        var unknown = await api.PatchAsJsonAsync($"/api/followers/{id}", new { shoeSize = "42" });
        var known = await api.PatchAsJsonAsync($"/api/followers/{id}", new { city = "上海" });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("shoeSize", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal("{}", await site.TextAsync($"SELECT \"Profile\" FROM \"Followers\" WHERE \"Id\" = {id}") is { } p && p.Contains("shoeSize") ? "leaked" : "{}");
    }

    [Fact]
    public async Task The_API_is_described_in_OpenAPI()
    {
        await using var site = await FollowerSites.SiteAsync();
        var doc = await site.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("/api/followers", doc);
        Assert.Contains("/api/followers/{id}/export", doc);
        Assert.Contains("UpdateFollowerProfile", doc);
        Assert.Contains("EraseFollower", doc);
    }
}
