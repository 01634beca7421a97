using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Followers.Reactors;
using Lianjie.Followers.Search;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Infrastructure;

internal static class FollowerSites
{
    public static async Task<TestSite> SiteAsync(string provider = "sqlite", params string[] extraFeatures)
    {
        var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers", .. extraFeatures]);
        return site;
    }

    /// <summary>Creates a follower through /api/events and returns its id.</summary>
    public static async Task<long> FollowerAsync(HttpClient api, string openId, string type = "wechat.subscribe", object? payload = null)
    {
        var response = await api.PostAsJsonAsync("/api/events", new { type, openId, payload });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["followerId"]!.GetValue<long>();
    }

    public static async Task CatchUpAllAsync(this TestSite site)
    {
        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        await site.CatchUpAsync(FollowerSearchReactor.ReactorName);
        await site.ShellHost.Current!.Services.GetRequiredService<FollowerIndexQueue>().FlushAsync();
    }

    public static async Task<T> InScopeAsync<T>(this TestSite site, Func<IServiceProvider, Task<T>> use)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider);
    }
}
