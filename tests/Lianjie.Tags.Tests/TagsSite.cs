using Lianjie.Core.Followers;
using Lianjie.Followers.Reactors;
using Lianjie.Tags.Services;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests;

/// <summary>A test site with Followers and Tags enabled, and shortcuts to their services.</summary>
internal static class TagsSite
{
    public static async Task<TestSite> SetUpAsync(string provider)
    {
        var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers", "Lianjie.Tags"]);
        return site;
    }

    public static async Task<T> WithAsync<T>(this TestSite site, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public static Task<long> FollowerAsync(this TestSite site, string openId) =>
        site.WithAsync(async sp => (await sp.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey("wxapp", openId), true))!.Follower.Id);

    public static async Task<List<long>> FollowersAsync(this TestSite site, int count, string prefix = "o")
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await site.FollowerAsync($"{prefix}{i}"));
        }

        return ids;
    }

    public static Task<TagChange> AddAsync(this TestSite site, long followerId, string tag) =>
        site.WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddAsync(followerId, tag, new TagChangeOrigin("test", "tester")));

    public static Task<TagChange> RemoveAsync(this TestSite site, long followerId, string tag) =>
        site.WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().RemoveAsync(followerId, tag, new TagChangeOrigin("test", "tester")));

    public static async Task<string> HeldAsync(this TestSite site, long followerId) =>
        string.Join(",", (await site.WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().GetAsync(followerId))).Select(t => t.Tag).Order(StringComparer.Ordinal));

    /// <summary>The follower projection's view of the tags, after the reactor caught up.</summary>
    public static async Task<string?> ProjectedAsync(this TestSite site, long followerId)
    {
        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        return await site.TextAsync($"SELECT \"Tags\" FROM \"Followers\" WHERE \"Id\" = {followerId}");
    }

    public static Task GroupAsync(this TestSite site, string name, bool exclusive = false, int? max = null) =>
        site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().UpsertGroupAsync(new TagGroupInput(name, null, exclusive, max)));

    public static Task<Models.TagRecord> TagAsync(this TestSite site, string name, string? group = null, bool sensitive = false, int? expiryDays = null) =>
        site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().UpsertTagAsync(new TagInput(name, group, null, null, sensitive, expiryDays)));

    public static Task<long> EventsAsync(this TestSite site, string type, long? followerId = null) =>
        site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = '{type}'" + (followerId is null ? string.Empty : $" AND \"FollowerId\" = {followerId}"));
}
