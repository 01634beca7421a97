using System.Net;
using Lianjie.Tags.Reactors;
using Lianjie.Testing;

namespace Lianjie.Tags.Tests.Reactors;

public class ErasedFollowerTagsReactorTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Erasing_a_follower_removes_their_tags_but_not_other_followers_tags(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        await site.TagAsync("已购买");
        var erased = await site.FollowerAsync("oErased");
        var kept = await site.FollowerAsync("oKept");
        await site.AddAsync(erased, "已购买");
        await site.AddAsync(kept, "已购买");

        var api = await site.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync($"/api/followers/{erased}")).StatusCode);
        await site.CatchUpAsync(ErasedFollowerTagsReactor.ReactorName);

        Assert.Equal(string.Empty, await site.HeldAsync(erased));
        Assert.Equal("已购买", await site.HeldAsync(kept));
        Assert.Equal(0, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerTags\" WHERE \"FollowerId\" = {erased}"));
    }
}
