using Lianjie.Core.Followers;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Services;

/// <summary>ChangeManyAsync: many adds and removes in one call end where one call per change would.</summary>
public class OrderedTagChangesTests
{
    private static readonly TagChangeOrigin Rule = new("workflow", "rule-1", "Rule 1");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Changes_are_judged_in_order_against_exclusive_groups_limits_and_removals(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        await site.GroupAsync("身份", exclusive: true);
        await site.GroupAsync("兴趣", max: 1);
        await site.TagAsync("患者本人", "身份");
        await site.TagAsync("家属", "身份");
        await site.TagAsync("肝病", "兴趣");
        await site.TagAsync("肾病", "兴趣");
        await site.TagAsync("活跃", expiryDays: 30);
        var a = await site.FollowerAsync("oA");
        var b = await site.FollowerAsync("oB");
        await site.AddAsync(b, "肝病");
        await site.AddAsync(b, "活跃");
        await site.ScalarAsync($"UPDATE \"FollowerTags\" SET \"ExpiresUtc\" = NULL WHERE \"FollowerId\" = {b}");

        var results = await site.WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().ChangeManyAsync(
        [
            new(a, ["患者本人"], false, Rule),
            new(b, ["肾病"], false, Rule),       // the group allows one: refused while 肝病 is held
            new(a, ["家属"], false, Rule),       // swaps 患者本人 out
            new(b, ["肝病"], true, Rule),
            new(b, ["肾病", "不存在"], false, Rule), // now there is room; the unknown tag is refused alone
            new(a, ["患者本人"], false, Rule),   // swaps back
            new(b, ["活跃"], false, Rule),       // already held: its expiry starts over
            new(a, ["家属"], true, Rule),        // not held any more
        ]));

        Assert.Equal(
            [
                [TagChangeStatus.Applied], [TagChangeStatus.RefusedLimit], [TagChangeStatus.Applied], [TagChangeStatus.Removed],
                [TagChangeStatus.Applied, TagChangeStatus.UnknownTag], [TagChangeStatus.Applied], [TagChangeStatus.AlreadyPresent], [TagChangeStatus.NotPresent],
            ],
            results.Select(r => r.Select(c => c.Status).ToArray()).ToArray());
        Assert.Equal("患者本人", await site.HeldAsync(a));
        Assert.Equal("活跃,肾病", await site.HeldAsync(b));
        Assert.Equal("|患者本人|", await site.ProjectedAsync(a));
        Assert.Equal("|活跃|肾病|", await site.ProjectedAsync(b));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerTags\" WHERE \"FollowerId\" = {b} AND \"ExpiresUtc\" IS NOT NULL"));

        // One event per change that changed something, in order: a's swaps are removed-then-added pairs.
        Assert.Equal(3, await site.EventsAsync("tag.added", a));
        Assert.Equal(2, await site.EventsAsync("tag.removed", a));
        Assert.Equal(
            "家属",
            await site.TextAsync($"SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.removed' AND \"FollowerId\" = {a} ORDER BY \"Position\" DESC LIMIT 1"));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.removed' AND \"FollowerId\" = {b} AND \"Subject\" = '肝病' AND \"Source\" = 'workflow'"));
    }
}
