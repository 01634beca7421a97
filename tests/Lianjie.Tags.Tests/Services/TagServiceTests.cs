using Lianjie.Core.Followers;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Tags.Tests.Services;

public class TagServiceTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Apply_and_remove_write_ledger_events_that_the_follower_projection_follows(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        await site.GroupAsync("行为");
        await site.TagAsync("已购买", "行为");
        await site.TagAsync("活跃", "行为");

        Assert.Equal(TagChangeStatus.Applied, (await site.AddAsync(id, "已购买")).Status);
        Assert.Equal(TagChangeStatus.AlreadyPresent, (await site.AddAsync(id, "已购买")).Status);
        Assert.Equal(TagChangeStatus.Applied, (await site.AddAsync(id, "活跃")).Status);
        Assert.Equal("|已购买|活跃|", await site.ProjectedAsync(id));

        Assert.Equal(TagChangeStatus.Removed, (await site.RemoveAsync(id, "活跃")).Status);
        Assert.Equal(TagChangeStatus.NotPresent, (await site.RemoveAsync(id, "活跃")).Status);
        Assert.Equal(TagChangeStatus.UnknownTag, (await site.AddAsync(id, "不存在")).Status);
        Assert.Equal("|已购买|", await site.ProjectedAsync(id));
        Assert.Equal(2, await site.EventsAsync("tag.added", id));
        Assert.Equal(1, await site.EventsAsync("tag.removed", id));
        var payload = System.Text.Json.Nodes.JsonNode.Parse((await site.TextAsync($"SELECT \"Payload\" FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"Subject\" = '已购买'"))!)!;
        Assert.Equal(("已购买", "行为", "test", "tester"), ((string)payload["tag"]!, (string)payload["group"]!, (string)payload["source"]!, (string)payload["by"]!));
        var info = Assert.Single(await site.WithAsync(sp => sp.GetRequiredService<IFollowerTagService>().GetAsync(id)));
        Assert.Equal(("已购买", "行为", "test"), (info.Tag, info.Group, info.Source));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task An_exclusive_group_swaps_its_tag_in_one_change(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        await site.GroupAsync("身份", exclusive: true);
        await site.TagAsync("患者本人", "身份");
        await site.TagAsync("家属", "身份");

        await site.AddAsync(id, "患者本人");
        Assert.Equal(TagChangeStatus.Applied, (await site.AddAsync(id, "家属")).Status);

        Assert.Equal("家属", await site.HeldAsync(id));
        Assert.Equal("|家属|", await site.ProjectedAsync(id));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.removed' AND \"Subject\" = '患者本人' AND \"Payload\" LIKE '%exclusive%'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_group_limit_and_the_21st_tag_are_refused(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        await site.GroupAsync("兴趣", max: 2);
        foreach (var name in new[] { "a", "b", "c" })
        {
            await site.TagAsync(name, "兴趣");
        }

        await site.AddAsync(id, "a");
        await site.AddAsync(id, "b");
        var third = await site.AddAsync(id, "c");
        Assert.Equal(TagChangeStatus.RefusedLimit, third.Status);
        Assert.Contains("兴趣", third.Message);

        for (var i = 0; i < 19; i++)
        {
            await site.TagAsync($"t{i}");
        }

        for (var i = 0; i < 18; i++)
        {
            Assert.Equal(TagChangeStatus.Applied, (await site.AddAsync(id, $"t{i}")).Status);
        }

        var twentyFirst = await site.AddAsync(id, "t18");
        Assert.Equal(TagChangeStatus.RefusedLimit, twentyFirst.Status);
        Assert.Contains("20", twentyFirst.Message);
        Assert.Equal(20, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerTags\" WHERE \"FollowerId\" = {id}"));
        Assert.Equal(20, await site.EventsAsync("tag.added", id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_sensitive_tag_needs_health_consent_and_a_refusal_is_audited(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        await site.TagAsync("肝病关注", sensitive: true);

        var refused = await site.AddAsync(id, "肝病关注");
        Assert.Equal(TagChangeStatus.RefusedNoConsent, refused.Status);
        Assert.Equal(string.Empty, await site.HeldAsync(id));
        Assert.Equal(0, await site.EventsAsync("tag.added", id));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'tags.refused-no-consent' AND \"Target\" = 'follower:{id}'"));

        await site.WithAsync(async sp =>
        {
            await sp.GetRequiredService<IConsentRegistry>().RecordAsync(id, ConsentPurposes.HealthInformation, true, "h5");
            return 0;
        });
        Assert.Equal(TagChangeStatus.Applied, (await site.AddAsync(id, "肝病关注")).Status);
        Assert.Equal("肝病关注", await site.HeldAsync(id));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task AddMany_creates_unknown_tags_when_asked_and_else_refuses_them_with_one_event_per_follower(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var ids = await site.FollowersAsync(3);
        await site.TagAsync("已购买");
        var service = (IServiceProvider sp) => sp.GetRequiredService<IFollowerTagService>();
        var assignments = ids.Select(id => new FollowerTagAssignment(id, ["已购买", "新标签"])).ToList();

        var strict = await site.WithAsync(sp => service(sp).AddManyAsync(assignments, new TagChangeOrigin("import", "f.csv"), createUnknownTags: false));
        Assert.Equal(3, strict.Applied);
        Assert.Equal(3, strict.Refused.Count);
        Assert.All(strict.Refused, r => Assert.Equal(TagChangeStatus.UnknownTag, r.Status));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\" WHERE \"Name\" = '新标签'"));

        var lenient = await site.WithAsync(sp => service(sp).AddManyAsync(assignments, new TagChangeOrigin("import", "f.csv"), createUnknownTags: true));
        Assert.Equal((3, 3, 0), (lenient.Applied, lenient.AlreadyPresent, lenient.Refused.Count));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\" WHERE \"Name\" = '新标签'"));
        Assert.Equal(2, await site.EventsAsync("tag.added", ids[0]));
        Assert.Equal("|已购买|新标签|", await site.ProjectedAsync(ids[2]));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Expired_tags_are_swept_with_an_expired_event(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        await site.TagAsync("活跃", expiryDays: 30);
        await site.TagAsync("已购买");
        await site.AddAsync(id, "活跃");
        await site.AddAsync(id, "已购买");
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerTags\" WHERE \"ExpiresUtc\" IS NOT NULL AND \"FollowerId\" = {id}"));

        // Time passes: move the expiry into the past rather than the clock forward.
        await site.ScalarAsync("UPDATE \"FollowerTags\" SET \"ExpiresUtc\" = \"AppliedUtc\" WHERE \"ExpiresUtc\" IS NOT NULL");
        var swept = await TagExpirySweeperAccess.SweepAsync(site);

        Assert.Equal(1, swept);
        Assert.Equal("已购买", await site.HeldAsync(id));
        Assert.Equal("|已购买|", await site.ProjectedAsync(id));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.removed' AND \"Payload\" LIKE '%\"reason\":\"expired\"%'"));
    }
}

internal static class TagExpirySweeperAccess
{
    public static Task<int> SweepAsync(TestSite site) => Lianjie.Tags.Services.TagExpirySweeper.SweepAllAsync(site.ShellHost.Current!.Services, CancellationToken.None);
}
