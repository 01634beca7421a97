using Lianjie.Search.Index;

namespace Lianjie.Search.Tests;

/// <summary>A small, fixed set of followers the search tests reason about.</summary>
internal static class SampleFollowers
{
    public const long ZhangWei = 1;
    public const long LiNa = 2;
    public const long WangFang = 3;
    public const long ZhangWeiMing = 4;
    public const long Alice = 5;

    public static IReadOnlyList<FollowerSearchDocument> All { get; } =
    [
        Follower(ZhangWei, "张伟", "哈尔滨", ["VIP", "新客"], subscribed: true, lastActiveDay: 3),
        Follower(LiNa, "李娜", "上海", ["VIP"], subscribed: true, lastActiveDay: 5),
        Follower(WangFang, "王芳", "广州", ["VIP", "广州"], subscribed: false, lastActiveDay: 1),
        Follower(ZhangWeiMing, "张伟明", "北京", ["老客"], subscribed: true, lastActiveDay: null),
        Follower(Alice, "Alice Wang", "深圳", [], subscribed: true, lastActiveDay: 2) with
        {
            Remark = "met at the 展会 booth",
            ProfileFields = new Dictionary<string, string> { ["city"] = "深圳", ["phone"] = "13800138000" },
        },
    ];

    public static FollowerSearchIndex NewIndex()
    {
        var index = FollowerSearchIndex.CreateInMemory();
        index.Upsert(All);
        return index;
    }

    public static FollowerSearchDocument Follower(
        long id, string nickname, string city, string[] tags, bool subscribed = true, int? lastActiveDay = null) =>
        new(
            FollowerId: id,
            OpenId: $"oOpenId{id:D6}",
            UnionId: $"oUnion{id:D6}",
            Nickname: nickname,
            Remark: null,
            Tags: tags,
            ProfileFields: new Dictionary<string, string> { ["city"] = city },
            Subscribed: subscribed,
            LastActiveUtc: lastActiveDay is { } day ? new DateTimeOffset(2025, 1, day, 8, 0, 0, TimeSpan.Zero) : null);
}
