using System.Text.Json.Nodes;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Contents.Tracking;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Tracking;

/// <summary>"New follows brought": first subscribes credited to the most recent article a follower viewed.</summary>
public class NewFollowsTests
{
    private static readonly DateTime T0 = new(2025, 3, 1, 8, 0, 0, DateTimeKind.Utc);
    private static int _dedupe;

    private static async Task<(TestSite Site, string First, string Second)> SiteAsync(string provider = "sqlite")
    {
        var site = await ContentsSite.SetUpAsync(provider);
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var ids = new List<string>();
        foreach (var title in new[] { "护肝饮食", "肾病早筛" })
        {
            var saved = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle(title, "<p>x</p>"), true, "admin"));
            ids.Add(saved.Item!.ContentItemId!);
        }

        return (site, ids[0], ids[1]);
    }

    private static Task AppendAsync(TestSite site, string type, long followerId, DateTime at, string? contentItemId = null) =>
        site.WithScopeAsync(async sp => await sp.GetRequiredService<IBehaviourLedger>().AppendAsync(new BehaviourEventDraft(
            type,
            followerId,
            contentItemId,
            contentItemId is null ? null : new JsonObject { ["contentType"] = "Article" },
            at,
            "test",
            $"test:{Interlocked.Increment(ref _dedupe)}")));

    private static Task ViewAsync(TestSite site, long followerId, string id, DateTime at) => AppendAsync(site, BehaviourEventTypes.ContentView, followerId, at, id);

    private static Task SubscribeAsync(TestSite site, long followerId, DateTime at) => AppendAsync(site, BehaviourEventTypes.WeChatSubscribe, followerId, at);

    private static async Task<int> NewFollowsAsync(TestSite site, string id)
    {
        await site.CatchUpAsync(NewFollowsReactor.ReactorName);
        return (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentStats>().GetAsync(id))).NewFollows;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_view_then_a_first_subscribe_within_the_window_is_one_new_follow_shown_in_the_admin_stats(string provider)
    {
        var (site, first, _) = await SiteAsync(provider);
        await using var _ = site;
        await ViewAsync(site, 101, first, T0);
        await SubscribeAsync(site, 101, T0.AddHours(3));

        Assert.Equal(1, await NewFollowsAsync(site, first));
        var admin = await site.LoginAsync();
        var stats = await admin.GetStringAsync($"/admin/content/{first}/stats");
        Assert.Contains("id=\"stat-new-follows\">1<", stats);
        Assert.Contains("带来的新关注", stats);
    }

    [Fact]
    public async Task A_subscribe_without_a_view_counts_nothing()
    {
        var (site, first, second) = await SiteAsync();
        await using var _ = site;
        await ViewAsync(site, 201, first, T0); // another follower's view
        await SubscribeAsync(site, 202, T0.AddHours(1));

        Assert.Equal(0, await NewFollowsAsync(site, first));
        Assert.Equal(0, await NewFollowsAsync(site, second));
    }

    [Fact]
    public async Task A_resubscribe_is_not_counted_again()
    {
        var (site, first, second) = await SiteAsync();
        await using var _ = site;
        await ViewAsync(site, 301, first, T0);
        await SubscribeAsync(site, 301, T0.AddMinutes(10));
        await AppendAsync(site, BehaviourEventTypes.WeChatUnsubscribe, 301, T0.AddHours(1));
        await ViewAsync(site, 301, second, T0.AddHours(2));
        await SubscribeAsync(site, 301, T0.AddHours(3));

        Assert.Equal(1, await NewFollowsAsync(site, first));
        Assert.Equal(0, await NewFollowsAsync(site, second));
    }

    [Fact]
    public async Task A_view_after_subscribing_counts_nothing()
    {
        var (site, first, _) = await SiteAsync();
        await using var _ = site;
        await SubscribeAsync(site, 401, T0);
        await ViewAsync(site, 401, first, T0.AddMinutes(5));

        Assert.Equal(0, await NewFollowsAsync(site, first));
    }

    [Fact]
    public async Task The_most_recent_item_within_the_type_window_gets_the_credit_and_a_rebuild_gives_the_same()
    {
        var (site, first, second) = await SiteAsync();
        await using var _ = site;
        await ViewAsync(site, 501, first, T0);
        await AppendAsync(site, BehaviourEventTypes.ContentShareOpen, 501, T0.AddHours(1), second);
        await SubscribeAsync(site, 501, T0.AddHours(2));
        await ViewAsync(site, 502, first, T0);
        await SubscribeAsync(site, 502, T0.AddHours(25)); // outside the default 24 h

        Assert.Equal(0, await NewFollowsAsync(site, first));
        Assert.Equal(1, await NewFollowsAsync(site, second));

        // A 48 h window on the Article type credits the late subscribe on rebuild.
        var admin = await site.LoginAsync();
        await TestSite.PostFormAsync(admin, "/admin/content-types/Article", "/admin/content-types/Article", new()
        {
            ["displayName"] = "Article",
            ["creatable"] = "true",
            ["listable"] = "true",
            ["readSeconds"] = "10",
            ["readScrollPercent"] = "70",
            ["followWindowHours"] = "48",
        });
        await site.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LedgerReactors>().RebuildAsync(NewFollowsReactor.ReactorName);
            return 0;
        });

        Assert.Equal(1, await NewFollowsAsync(site, first));
        Assert.Equal(1, await NewFollowsAsync(site, second));
    }
}
