using Lianjie.Search.Index;
using static Lianjie.Search.Tests.SampleFollowers;

namespace Lianjie.Search.Tests;

public sealed class LatinAndIdentifierSearchTests : IDisposable
{
    private readonly FollowerSearchIndex _index = NewIndex();

    public void Dispose() => _index.Dispose();

    private IReadOnlyList<long> Find(string text) => _index.Search(new FollowerSearchQuery { Text = text }).FollowerIds;

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    [InlineData("Wang")]
    [InlineData("ali")]
    public void Latin_nickname_matches_case_insensitively_and_by_prefix(string text)
    {
        Assert.Equal([Alice], Find(text));
    }

    [Fact]
    public void Profile_phone_matches_whole_or_by_leading_digits()
    {
        Assert.Equal([Alice], Find("13800138000"));
        Assert.Equal([Alice], Find("138001"));
        Assert.Empty(Find("00138000"));
    }

    [Fact]
    public void OpenId_and_UnionId_match_exactly()
    {
        Assert.Equal([LiNa], Find("oOpenId000002"));
        Assert.Equal([WangFang], Find("oUnion000003"));
    }

    [Fact]
    public void Identifiers_match_in_last_active_order_too_even_with_unusual_characters()
    {
        // Imported openids may hold any non-space characters; the id clause is built only when the
        // index holds the term, which must not depend on what the word looks like.
        _index.Upsert([Follower(7, "陈静", "成都", []) with { OpenId = "crm:陈静.2024", UnionId = null }]);

        foreach (var sort in new[] { FollowerSearchSort.Relevance, FollowerSearchSort.LastActiveDescending })
        {
            Assert.Equal([LiNa], _index.Search(new FollowerSearchQuery { Text = "oOpenId000002", Sort = sort }).FollowerIds);
            Assert.Equal([7], _index.Search(new FollowerSearchQuery { Text = "crm:陈静.2024", Sort = sort }).FollowerIds);
            Assert.Empty(_index.Search(new FollowerSearchQuery { Text = "oOpenId999999", Sort = sort }).FollowerIds);
        }
    }

    [Fact]
    public void A_word_that_is_one_followers_openid_and_another_followers_text_finds_both()
    {
        _index.Upsert([Follower(8, "oopenid000002fan", "成都", [])]);

        var ranked = _index.Search(new FollowerSearchQuery { Text = "oOpenId000002" });
        var byActivity = _index.Search(new FollowerSearchQuery { Text = "oOpenId000002", Sort = FollowerSearchSort.LastActiveDescending });

        Assert.Equal([LiNa, 8], ranked.FollowerIds);
        Assert.Equal([LiNa, 8], byActivity.FollowerIds);
    }

    [Fact]
    public void OpenId_is_not_matched_by_case_variant_or_fragment()
    {
        Assert.Empty(Find("oopenid000002"));
        Assert.Empty(Find("000002"));
    }

    [Theory]
    [InlineData("\"(")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("张*")]
    [InlineData("nickname:张伟")]
    [InlineData("[1 TO 9]")]
    [InlineData("a AND OR NOT")]
    [InlineData("\\")]
    [InlineData("~^!{}&&||")]
    [InlineData("😀🎉")]
    [InlineData("")]
    [InlineData("   ")]
    public void Hostile_or_odd_input_does_not_throw(string text)
    {
        var result = _index.Search(new FollowerSearchQuery { Text = text });

        Assert.True(result.Total >= 0);
    }

    [Fact]
    public void Syntax_characters_are_not_interpreted()
    {
        // A wildcard must not act as "match everything"; it is treated as plain input.
        Assert.Empty(Find("*"));
        Assert.Empty(Find("\"("));
        // Punctuation around a real word is dropped by tokenisation, leaving the word.
        Assert.Equal([LiNa], Find("(李娜)"));
        Assert.Equal([ZhangWei, ZhangWeiMing], Find("张*").Order());
    }

    [Fact]
    public void Very_long_input_does_not_throw()
    {
        var text = string.Join(' ', Enumerable.Repeat("张伟 alice (*", 500));

        var result = _index.Search(new FollowerSearchQuery { Text = text });

        Assert.Empty(result.FollowerIds);
    }
}
