using Lianjie.Search.Index;
using static Lianjie.Search.Tests.SampleFollowers;

namespace Lianjie.Search.Tests;

public sealed class FilterAndPagingTests : IDisposable
{
    private readonly FollowerSearchIndex _index = NewIndex();

    public void Dispose() => _index.Dispose();

    private IReadOnlyList<long> WithTags(params string[] tags) =>
        _index.Search(new FollowerSearchQuery { Tags = tags }).FollowerIds.Order().ToList();

    [Fact]
    public void Tag_filter_matches_exact_tag()
    {
        Assert.Equal([ZhangWei, LiNa, WangFang], WithTags("VIP"));
        Assert.Empty(WithTags("vip"));
        Assert.Empty(WithTags("VI"));
    }

    [Fact]
    public void Several_tags_are_all_required()
    {
        Assert.Equal([ZhangWei], WithTags("VIP", "新客"));
        Assert.Equal([WangFang], WithTags("VIP", "广州"));
        Assert.Empty(WithTags("新客", "老客"));
    }

    [Fact]
    public void Tag_filter_combines_with_text()
    {
        var hits = _index.Search(new FollowerSearchQuery { Text = "张", Tags = ["VIP"] }).FollowerIds;

        Assert.Equal([ZhangWei], hits);
    }

    [Fact]
    public void Subscribed_filter_splits_followers()
    {
        var unsubscribed = _index.Search(new FollowerSearchQuery { Subscribed = false });
        var subscribed = _index.Search(new FollowerSearchQuery { Subscribed = true });

        Assert.Equal([WangFang], unsubscribed.FollowerIds);
        Assert.Equal(4, subscribed.Total);
    }

    [Fact]
    public void No_criteria_returns_everyone()
    {
        var result = _index.Search(new FollowerSearchQuery());

        Assert.Equal(All.Count, result.Total);
        Assert.Equal(All.Select(f => f.FollowerId).Order(), result.FollowerIds.Order());
    }

    [Fact]
    public void Last_active_sort_puts_newest_first_and_never_active_last()
    {
        var result = _index.Search(new FollowerSearchQuery { Sort = FollowerSearchSort.LastActiveDescending });

        Assert.Equal([LiNa, ZhangWei, Alice, WangFang, ZhangWeiMing], result.FollowerIds);
    }

    [Fact]
    public void Last_active_sort_follows_later_writes_in_new_segments()
    {
        // The sort reads cached per-segment values: each write below lands in a new segment, and the
        // rewritten followers must sort by their new activity, not the cached old one.
        var newest = _index.Search(new FollowerSearchQuery { Sort = FollowerSearchSort.LastActiveDescending, Take = 1 });
        Assert.Equal([LiNa], newest.FollowerIds);

        _index.Upsert([All.Single(f => f.FollowerId == WangFang) with { LastActiveUtc = new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero) }]);
        _index.Upsert([All.Single(f => f.FollowerId == LiNa) with { LastActiveUtc = null }]);
        _index.Upsert([Follower(6, "赵六", "北京", ["VIP"], lastActiveDay: 3)]);

        var result = _index.Search(new FollowerSearchQuery { Sort = FollowerSearchSort.LastActiveDescending });
        var vip = _index.Search(new FollowerSearchQuery { Tags = ["VIP"], Sort = FollowerSearchSort.LastActiveDescending });

        // Same instant (ZhangWei and 6 on day 3; never active LiNa and ZhangWeiMing): lower id first.
        Assert.Equal([WangFang, ZhangWei, 6, Alice, LiNa, ZhangWeiMing], result.FollowerIds);
        Assert.Equal([WangFang, ZhangWei, 6, LiNa], vip.FollowerIds);
    }

    [Fact]
    public void Skip_and_take_page_through_all_matches_with_the_full_total()
    {
        using var index = FollowerSearchIndex.CreateInMemory();
        index.Upsert(Enumerable.Range(100, 25).Select(i => Follower(i, $"会员{i}", "杭州", ["批量"], lastActiveDay: 1 + (i % 28))));

        var pages = Enumerable.Range(0, 3)
            .Select(p => index.Search(new FollowerSearchQuery
            {
                Tags = ["批量"],
                Skip = p * 10,
                Take = 10,
                Sort = FollowerSearchSort.LastActiveDescending,
            }))
            .ToList();

        Assert.All(pages, p => Assert.Equal(25, p.Total));
        Assert.Equal([10, 10, 5], pages.Select(p => p.FollowerIds.Count));
        var seen = pages.SelectMany(p => p.FollowerIds).ToList();
        Assert.Equal(Enumerable.Range(100, 25).Select(i => (long)i), seen.Order());
    }

    [Fact]
    public void Take_zero_counts_without_ids_and_skip_past_end_is_empty()
    {
        var counted = _index.Search(new FollowerSearchQuery { Tags = ["VIP"], Take = 0 });
        var beyond = _index.Search(new FollowerSearchQuery { Tags = ["VIP"], Skip = 1_000_000_000, Take = 10 });

        Assert.Equal(3, counted.Total);
        Assert.Empty(counted.FollowerIds);
        Assert.Equal(3, beyond.Total);
        Assert.Empty(beyond.FollowerIds);
    }

    [Fact]
    public void Invalid_paging_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _index.Search(new FollowerSearchQuery { Skip = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            _index.Search(new FollowerSearchQuery { Take = FollowerSearchIndex.MaxTake + 1 }));
    }
}
