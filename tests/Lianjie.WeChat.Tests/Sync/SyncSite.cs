using System.Runtime.CompilerServices;
using Lianjie.Core.Followers;
using Lianjie.Tags.Services;
using Lianjie.Testing;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Sync;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Sync;

/// <summary>A simulated account with the Tags feature on, and helpers for mirroring and syncing.</summary>
internal static class SyncSite
{
    public const string AppId = SimulatedAccount.AppId;

    [ModuleInitializer]
    internal static void Register() =>
        // Tests run syncs themselves; the background runner must not race them for the lease.
        Environment.SetEnvironmentVariable("WeChat__Sync__Background", "false");

    public static async Task<TestSite> StartAsync(string provider = "sqlite")
    {
        var site = await SimulatedAccount.StartAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Tags"]);
        return site;
    }

    public static async Task<List<long>> CreateTagsAsync(this TestSite site, IEnumerable<string> names) =>
        await site.InScopeAsync(async sp =>
        {
            var dictionary = sp.GetRequiredService<TagDictionary>();
            var ids = new List<long>();
            foreach (var name in names)
            {
                ids.Add((await dictionary.UpsertTagAsync(new TagInput(name, null, null, null, false, null))).Id);
            }

            return ids;
        });

    /// <summary>Platform users who are also followers in Lianjie; returns openid → follower id.</summary>
    public static async Task<Dictionary<string, long>> AddFollowersAsync(this TestSite site, int count, string prefix = "oUser")
    {
        var openIds = await site.AddPlatformFollowersAsync(count, prefix);
        return await site.InScopeAsync(async sp =>
        {
            var directory = sp.GetRequiredService<IFollowerDirectory>();
            var ids = new Dictionary<string, long>();
            foreach (var openId in openIds)
            {
                ids[openId] = (await directory.ResolveAsync(new FollowerKey(AppId, openId), createIfMissing: true))!.Follower.Id;
            }

            return ids;
        });
    }

    public static Task<(int Added, int Renamed, int Removed)> MirrorAsync(this TestSite site, IReadOnlyCollection<long> considered, params MirrorChoice[] chosen) =>
        site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagMirror>().ApplyAsync(AppId, considered, chosen));

    /// <summary>Sends due outbox items until none is left (items queued by items included).</summary>
    public static async Task DrainOutboxAsync(this TestSite site)
    {
        var processor = site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>();
        for (var i = 0; i < 50 && await processor.ProcessDueAsync(100) > 0; i++)
        {
        }
    }

    public static Task TagAsync(this TestSite site, long followerId, string tag) =>
        site.InScopeAsync(async sp => (await sp.GetRequiredService<IFollowerTagService>().AddAsync(followerId, tag, new TagChangeOrigin("test"))).Status);

    /// <summary>One bulk call: the tag.added events commit together, so the reactor sees them in one batch.</summary>
    public static Task TagManyAsync(this TestSite site, IEnumerable<long> followerIds, params string[] tags) =>
        site.InScopeAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddManyAsync(followerIds.Select(id => new FollowerTagAssignment(id, tags)).ToList(), new TagChangeOrigin("test"), createUnknownTags: false));

    public static Task UntagAsync(this TestSite site, long followerId, string tag) =>
        site.InScopeAsync(async sp => (await sp.GetRequiredService<IFollowerTagService>().RemoveAsync(followerId, tag, new TagChangeOrigin("test"))).Status);

    public static Task<long> SimTaggedAsync(this TestSite site, long weChatTagId) =>
        site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"AppId\" = '{AppId}' AND \"TagId\" = {weChatTagId}");

    public static Task<long> WeChatTagIdAsync(this TestSite site, long tagId) =>
        site.ScalarAsync($"SELECT COALESCE(\"WeChatTagId\", 0) FROM \"WeChatMirroredTags\" WHERE \"AppId\" = '{AppId}' AND \"TagId\" = {tagId}");
}
