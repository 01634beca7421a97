using Lianjie.Search.Index;
using static Lianjie.Search.Tests.SampleFollowers;

namespace Lianjie.Search.Tests;

public sealed class ChineseTextSearchTests : IDisposable
{
    private readonly FollowerSearchIndex _index = NewIndex();

    public void Dispose() => _index.Dispose();

    private IReadOnlyList<long> Find(string text) => _index.Search(new FollowerSearchQuery { Text = text }).FollowerIds;

    [Fact]
    public void Full_name_finds_the_follower()
    {
        Assert.Equal([LiNa], Find("李娜"));
        Assert.Equal([WangFang], Find("王芳"));
    }

    [Fact]
    public void Single_surname_character_finds_everyone_with_it()
    {
        Assert.Equal([ZhangWei, ZhangWeiMing], Find("张").Order());
        Assert.Equal([LiNa], Find("李"));
    }

    [Fact]
    public void Single_character_inside_a_name_matches_too()
    {
        Assert.Equal([ZhangWeiMing], Find("明"));
    }

    [Theory]
    [InlineData("哈尔滨", ZhangWei)]
    [InlineData("上海", LiNa)]
    [InlineData("广州", WangFang)]
    [InlineData("尔滨", ZhangWei)]
    public void City_finds_followers_living_there(string city, long expected)
    {
        Assert.Equal([expected], Find(city));
    }

    [Fact]
    public void Two_character_substring_of_a_three_character_name_matches()
    {
        Assert.Equal([ZhangWeiMing], Find("伟明"));
        Assert.Equal([ZhangWeiMing], Find("张伟明"));
        Assert.Equal([ZhangWei, ZhangWeiMing], Find("张伟").Order());
    }

    [Theory]
    [InlineData("赵云")]
    [InlineData("张明")] // both characters occur in 张伟明, but not next to each other
    [InlineData("哈尔滨市")]
    [InlineData("伟娜")]
    public void Text_not_present_finds_nothing(string text)
    {
        var result = _index.Search(new FollowerSearchQuery { Text = text });
        Assert.Empty(result.FollowerIds);
        Assert.Equal(0, result.Total);
    }

    [Fact]
    public void Several_words_must_all_match()
    {
        Assert.Equal([ZhangWei], Find("张 哈尔滨"));
        Assert.Equal([ZhangWeiMing], Find("张　北京")); // ideographic space
        Assert.Empty(Find("李娜 广州"));
    }

    [Fact]
    public void Tags_and_remarks_are_searchable_as_text()
    {
        Assert.Equal([ZhangWeiMing], Find("老客"));
        Assert.Equal([Alice], Find("展会"));
    }

    [Fact]
    public void Nickname_match_ranks_above_a_match_elsewhere()
    {
        _index.Upsert([Follower(10, "小红", "成都", []) with { Remark = "李娜的同事" }]);

        var hits = Find("李娜");

        Assert.Equal([LiNa, 10], hits);
    }

    [Fact]
    public void Full_width_latin_is_folded_to_normal_letters()
    {
        Assert.Equal([Alice], Find("ＡＬＩＣＥ"));
    }
}
