using Lianjie.Core.Followers;
using Lianjie.Tags.Services;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Services;

public class TagDictionaryTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Merge_moves_followers_with_history_and_refuses_merging_into_itself(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var ids = await site.FollowersAsync(3);
        var a = await site.TagAsync("肝病");
        var b = await site.TagAsync("肝病关注");
        await site.AddAsync(ids[0], "肝病");
        await site.AddAsync(ids[1], "肝病");
        await site.AddAsync(ids[1], "肝病关注");

        await Assert.ThrowsAsync<ArgumentException>(() => site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().MergeAsync(a.Id, a.Id)));
        var moved = await site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().MergeAsync(a.Id, b.Id));

        Assert.Equal(2, moved);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\" WHERE \"Name\" = '肝病'"));
        Assert.Equal(2, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerTags\" WHERE \"TagId\" = {b.Id}"));
        Assert.Equal("|肝病关注|", await site.ProjectedAsync(ids[0]));
        Assert.Equal("|肝病关注|", await site.ProjectedAsync(ids[1]));
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.removed' AND \"Subject\" = '肝病'"));

        // Follower 1 already held the target: no second tag.added for it.
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"Subject\" = '肝病关注' AND \"FollowerId\" = {ids[1]}"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'tags.merged'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rename_keeps_the_tag_on_its_followers_and_is_audited(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        var tag = await site.TagAsync("VIP");
        await site.AddAsync(id, "VIP");

        await site.WithAsync(async sp =>
        {
            await sp.GetRequiredService<TagDictionary>().RenameAsync(tag.Id, "贵宾");
            return 0;
        });

        Assert.Equal("贵宾", await site.HeldAsync(id));
        Assert.Equal("|贵宾|", await site.ProjectedAsync(id));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'tags.renamed'"));
        await site.TagAsync("其他");
        await Assert.ThrowsAsync<ArgumentException>(() => site.WithAsync(async sp =>
        {
            await sp.GetRequiredService<TagDictionary>().RenameAsync(tag.Id, "其他");
            return 0;
        }));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Delete_counts_and_removes_the_tag_from_every_follower(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var ids = await site.FollowersAsync(4);
        var tag = await site.TagAsync("旧标签");
        foreach (var id in ids.Take(3))
        {
            await site.AddAsync(id, "旧标签");
        }

        Assert.Equal(3, await site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().CountFollowersAsync(tag.Id)));
        var removed = await site.WithAsync(sp => sp.GetRequiredService<TagDictionary>().DeleteNowAsync(tag.Id));

        Assert.Equal(3, removed);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\""));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"FollowerTags\""));
        Assert.Equal(3, await site.EventsAsync("tag.removed"));
        Assert.Equal(string.Empty, await site.ProjectedAsync(ids[0]));
    }
}
