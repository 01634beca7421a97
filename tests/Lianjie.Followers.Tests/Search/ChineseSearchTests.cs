using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Followers.Search;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;

namespace Lianjie.Followers.Tests.Search;

public class ChineseSearchTests
{
    private static async Task<IReadOnlyList<string>> SearchAsync(HttpClient api, string q)
    {
        var page = await api.GetFromJsonAsync<JsonObject>("/api/followers?q=" + Uri.EscapeDataString(q));
        return page!["items"]!.AsArray().Select(i => i!["openId"]!.GetValue<string>()).ToList();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Chinese_names_and_cities_are_found_through_the_index(string provider)
    {
        await using var site = await FollowerSites.SiteAsync(provider);
        var api = await site.CreateApiClientAsync();
        var zhang = await FollowerSites.FollowerAsync(api, "oZhang");
        var li = await FollowerSites.FollowerAsync(api, "oLi");
        await site.ScalarAsync($"UPDATE \"Followers\" SET \"Nickname\" = '张伟' WHERE \"Id\" = {zhang}");
        await site.ScalarAsync($"UPDATE \"Followers\" SET \"Nickname\" = '李娜' WHERE \"Id\" = {li}");
        await api.PatchAsJsonAsync($"/api/followers/{zhang}", new { city = "杭州市" });
        await api.PatchAsJsonAsync($"/api/followers/{li}", new { city = "北京市" });
        await FollowerSites.FollowerAsync(api, "oZhang", "content.read"); // the reactor re-reads the renamed rows
        await FollowerSites.FollowerAsync(api, "oLi", "content.read");
        await site.CatchUpAllAsync();

        Assert.Equal(["oZhang"], await SearchAsync(api, "杭州"));
        Assert.Equal(["oLi"], await SearchAsync(api, "李娜"));
        // Words in different fields, in any order: only the index can answer this (SQL LIKE cannot).
        Assert.Equal(["oZhang"], await SearchAsync(api, "杭州 张伟"));
        Assert.Empty(await SearchAsync(api, "杭州 李娜"));
        Assert.True(Directory.Exists(Path.Combine(site.DataDirectory, "indexes", "followers")));
    }

    [Fact]
    public async Task Rebuilding_the_search_reactor_reindexes_every_follower()
    {
        await using var site = await FollowerSites.SiteAsync();
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oRebuild");
        await site.CatchUpAllAsync(); // indexed before the rename, which no event reports
        await site.ScalarAsync($"UPDATE \"Followers\" SET \"Nickname\" = '王芳' WHERE \"Id\" = {id}");

        Assert.Empty(await SearchAsync(api, "王芳 王芳"));
        await site.InScopeAsync(async sp =>
        {
            await ((Lianjie.Core.Ledger.LedgerReactors)sp.GetService(typeof(Lianjie.Core.Ledger.LedgerReactors))!).RebuildAsync(FollowerSearchReactor.ReactorName);
            return 0;
        });

        Assert.Equal(["oRebuild"], await SearchAsync(api, "王芳 王芳"));
    }

    [Fact]
    public async Task A_feature_change_swaps_the_shell_and_search_keeps_working()
    {
        await using var site = await FollowerSites.SiteAsync();
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oSwap");
        await api.PatchAsJsonAsync($"/api/followers/{id}", new { city = "深圳" });

        await site.ShellHost.EnableAsync([FakeProfileTypeManifest.Id]);
        await site.ShellHost.DisableAsync([FakeProfileTypeManifest.Id]);
        var other = await FollowerSites.FollowerAsync(api, "oSwap2");
        await api.PatchAsJsonAsync($"/api/followers/{other}", new { city = "深圳" });

        Assert.Equal(["oSwap", "oSwap2"], (await SearchAsync(api, "深圳 深圳")).Order());
    }
}
