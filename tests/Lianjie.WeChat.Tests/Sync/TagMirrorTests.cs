using System.Net;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Sync;
using Lianjie.WeChat.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Sync;

/// <summary>Lianjie tags mirrored to WeChat: created, renamed and deleted through the outbox; tag events become batch tagging.</summary>
public class TagMirrorTests
{
    private const string AppId = SyncSite.AppId;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_mirrored_tag_is_created_in_WeChat_and_tag_events_become_batch_tagging_of_50(string provider)
    {
        await using var site = await SyncSite.StartAsync(provider);
        var tagIds = await site.CreateTagsAsync(["肝病关注", "不同步"]);
        var followers = await site.AddFollowersAsync(60);

        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], null));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimTags\""));
        await site.DrainOutboxAsync();
        var weChatTagId = await site.WeChatTagIdAsync(tagIds[0]);
        Assert.True(weChatTagId > 2);

        await site.TagManyAsync(followers.Values, "肝病关注", "不同步");
        await site.CatchUpAsync(MirroredTagReactor.ReactorName);
        await site.DrainOutboxAsync();

        Assert.Equal(60, await site.SimTaggedAsync(weChatTagId));
        Assert.Equal(60, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimFollowerTags\""));
        Assert.Equal(2, site.Controls().Calls(AppId, "tags/members/batchtagging"));

        // Removing the tag in Lianjie untags in WeChat; replaying the reactor queues nothing twice.
        await site.UntagAsync(followers["oUser0001"], "肝病关注");
        await site.CatchUpAsync(MirroredTagReactor.ReactorName);
        await site.DrainOutboxAsync();
        Assert.Equal(59, await site.SimTaggedAsync(weChatTagId));
        Assert.Equal(0, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"OpenId\" = 'oUser0001'"));
    }

    [Fact]
    public async Task Renaming_and_unmirroring_rename_and_delete_the_WeChat_tag_and_tagged_followers_are_backfilled()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(["慢性肾病患者"]);
        var followers = await site.AddFollowersAsync(3);
        foreach (var id in followers.Values)
        {
            await site.TagAsync(id, "慢性肾病患者");
        }

        await site.CatchUpAsync("followers.projection");
        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], null));
        await site.DrainOutboxAsync();
        var weChatTagId = await site.WeChatTagIdAsync(tagIds[0]);
        Assert.Equal(3, await site.SimTaggedAsync(weChatTagId));

        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], "肾病"));
        await site.DrainOutboxAsync();
        Assert.Equal("肾病", await site.TextAsync("SELECT \"Name\" FROM \"WeChatSimTags\""));

        await site.MirrorAsync(tagIds);
        await site.DrainOutboxAsync();
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimTags\""));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMirroredTags\""));
    }

    [Fact]
    public async Task Renaming_the_Lianjie_tag_keeps_its_followers_tagged_in_WeChat()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(["家属"]);
        var followers = await site.AddFollowersAsync(3);
        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], null));
        await site.DrainOutboxAsync();
        await site.TagManyAsync(followers.Values, "家属");
        await site.CatchUpAsync(MirroredTagReactor.ReactorName);
        await site.DrainOutboxAsync();
        var weChatTagId = await site.WeChatTagIdAsync(tagIds[0]);
        Assert.Equal(3, await site.SimTaggedAsync(weChatTagId));

        // The Tags module records a rename as tag.removed(old) + tag.added(new) for every holder.
        await site.InScopeAsync(async sp => { await sp.GetRequiredService<Lianjie.Tags.Services.TagDictionary>().RenameAsync(tagIds[0], "患者家属"); return 0; });
        await site.CatchUpAsync(MirroredTagReactor.ReactorName);
        await site.DrainOutboxAsync();

        Assert.Equal(3, await site.SimTaggedAsync(weChatTagId));
        Assert.Equal("患者家属", await site.TextAsync("SELECT \"TagName\" FROM \"WeChatMirroredTags\""));
    }

    [Fact]
    public async Task A_45009_on_batch_tagging_backs_the_item_off_for_an_hour_and_it_completes_later()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(["讲座报名"]);
        var followers = await site.AddFollowersAsync(2);
        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], null));
        await site.DrainOutboxAsync();
        var faults = site.ShellHost.Current!.Services.GetRequiredService<Lianjie.WeChat.Simulator.Platform.SimulatorFaults>();
        faults.FailAfter(AppId, "tags/members/batchtagging", 0, WeChatApiException.QuotaReached);
        await site.TagManyAsync(followers.Values, "讲座报名");
        await site.CatchUpAsync(MirroredTagReactor.ReactorName);
        var before = DateTime.UtcNow;

        await site.DrainOutboxAsync();

        var item = await site.InScopeAsync(async sp =>
        {
            await using var db = await sp.GetRequiredService<Lianjie.Core.Data.DbSession>().CreateContextAsync();
            return await db.Set<WeChatOutboxItem>().SingleAsync(i => i.Kind == WeChatTagMirrorKinds.Members);
        });
        Assert.Equal(WeChatOutboxStatus.Pending, item.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Contains("45009", item.LastError, StringComparison.Ordinal);
        Assert.True(item.NextAttemptUtc >= before.AddMinutes(59), $"next attempt {item.NextAttemptUtc:O} is too soon");
        Assert.Equal(1, site.Controls().Calls(AppId, "tags/members/batchtagging"));

        // The quota is back and the hour has passed.
        faults.Clear(AppId, "tags/members/batchtagging");
        await site.ScalarAsync($"UPDATE \"WeChatOutbox\" SET \"NextAttemptUtc\" = '2000-01-01 00:00:00' WHERE \"Id\" = {item.Id}; SELECT 1");
        await site.DrainOutboxAsync();
        Assert.Equal(2, await site.SimTaggedAsync(await site.WeChatTagIdAsync(tagIds[0])));
    }

    [Fact]
    public async Task The_101st_mirrored_tag_is_refused_with_a_clear_message_and_nothing_is_queued()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(Enumerable.Range(1, 101).Select(i => $"标签{i:D3}"));
        await site.MirrorAsync(tagIds, tagIds.Take(100).Select(id => new MirrorChoice(id, null)).ToArray());
        var queued = await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\"");

        var error = await Assert.ThrowsAsync<WeChatLimitException>(() => site.MirrorAsync(tagIds, tagIds.Select(id => new MirrorChoice(id, null)).ToArray()));

        Assert.Equal(WeChatApiException.TooManyTags, error.Code);
        Assert.Contains("101", error.Message, StringComparison.Ordinal);
        Assert.Contains("100", error.Message, StringComparison.Ordinal);
        Assert.Equal(100, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMirroredTags\""));
        Assert.Equal(queued, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\""));
    }

    [Fact]
    public async Task Tags_made_in_the_WeChat_console_count_towards_the_100()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(Enumerable.Range(1, 99).Select(i => $"标签{i:D3}"));
        await site.InScopeAsync(async sp =>
        {
            var api = sp.GetRequiredService<WeChatTagApi>();
            await api.CreateAsync(AppId, "控制台标签一");
            return await api.CreateAsync(AppId, "控制台标签二");
        });

        var error = await Assert.ThrowsAsync<WeChatLimitException>(() => site.MirrorAsync(tagIds, tagIds.Select(id => new MirrorChoice(id, null)).ToArray()));

        Assert.Contains("2 made in WeChat", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_21st_WeChat_tag_on_a_follower_is_refused_and_logged_while_the_rest_of_the_batch_is_tagged()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(["兴趣21"]);
        var followers = await site.AddFollowersAsync(2);
        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], null));
        await site.DrainOutboxAsync();
        // oUser0001 already carries 20 WeChat tags (made and applied outside the mirror, e.g. in the WeChat console).
        await site.InScopeAsync(async sp =>
        {
            var api = sp.GetRequiredService<WeChatTagApi>();
            for (var i = 1; i <= 20; i++)
            {
                var tag = await api.CreateAsync(AppId, $"控制台{i:D2}");
                await api.TagAsync(AppId, tag.TagId, ["oUser0001"]);
            }

            return 0;
        });

        await site.TagManyAsync(followers.Values, "兴趣21");
        await site.CatchUpAsync(MirroredTagReactor.ReactorName);
        await site.DrainOutboxAsync();

        Assert.Equal(20, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"OpenId\" = 'oUser0001'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"OpenId\" = 'oUser0002'"));
        var result = await site.TextAsync($"SELECT \"Result\" FROM \"WeChatOutbox\" WHERE \"Kind\" = '{WeChatTagMirrorKinds.Members}' ORDER BY \"Id\" DESC");
        Assert.Equal("tagged 1; refused 1 at 20 tags per follower: oUser0001", result);
        // Checked before calling: the platform never saw a doomed call, and nothing failed.
        Assert.Equal(21, site.Controls().Calls(AppId, "tags/members/batchtagging"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\" WHERE \"Status\" = 'Failed'"));
    }

    [Fact]
    public async Task The_admin_page_mirrors_tags_and_shows_the_limit_error_and_needs_the_permission()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(Enumerable.Range(1, 101).Select(i => $"标签{i:D3}"));
        var page = $"/admin/wechat/accounts/{AppId}/sync";
        Assert.NotEqual(HttpStatusCode.OK, (await site.CreateClient().GetAsync(page)).StatusCode);
        var admin = await site.LoginAsync();

        var fields = new Dictionary<string, string> { ["shown"] = string.Join(",", tagIds) };
        foreach (var id in tagIds.Take(2))
        {
            fields[$"mirror_{id}"] = "true";
        }

        fields[$"name_{tagIds[1]}"] = "第二";
        var saved = await TestSite.PostFormAsync(admin, page, page + "/tags", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMirroredTags\""));
        Assert.Equal("第二", await site.TextAsync($"SELECT \"WeChatName\" FROM \"WeChatMirroredTags\" WHERE \"TagId\" = {tagIds[1]}"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.tags.mirror'"));

        foreach (var id in tagIds)
        {
            fields[$"mirror_{id}"] = "true";
        }

        var refused = await TestSite.PostFormAsync(admin, page, page + "/tags", fields);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("WeChat allows 100", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMirroredTags\""));

        var html = await admin.GetStringAsync(page + "?q=" + Uri.EscapeDataString("标签001"));
        Assert.Contains("data-tag=\"标签001\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-tag=\"标签002\"", html, StringComparison.Ordinal);
    }
}
