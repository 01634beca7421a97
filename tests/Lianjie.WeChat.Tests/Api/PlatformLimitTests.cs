using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Api;

/// <summary>Limits checked before calling, and the outbox's answer to back-off codes.</summary>
public class PlatformLimitTests
{
    private const string AppId = SimulatedAccount.AppId;

    [Fact]
    public async Task The_101st_tag_of_an_account_is_refused_before_calling()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await site.InScopeAsync(async sp =>
        {
            var tags = sp.GetRequiredService<WeChatTagApi>();
            for (var i = 1; i <= WeChatPlatformLimits.MaxTagsPerAccount; i++)
            {
                await tags.CreateAsync(AppId, $"tag{i}");
            }

            return 0;
        });

        var error = await Assert.ThrowsAsync<WeChatLimitException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().CreateAsync(AppId, "tag101")));

        Assert.Equal(WeChatApiException.TooManyTags, error.Code);
        Assert.Equal(100, site.Controls().Calls(AppId, "tags/create"));
        Assert.Equal(100, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimTags\""));
    }

    [Fact]
    public async Task The_21st_tag_on_a_follower_is_refused_before_calling()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var openIds = await site.AddPlatformFollowersAsync(2);
        var created = await site.InScopeAsync(async sp =>
        {
            var tags = sp.GetRequiredService<WeChatTagApi>();
            var list = new List<WeChatRemoteTag>();
            for (var i = 1; i <= 21; i++)
            {
                list.Add(await tags.CreateAsync(AppId, $"t{i}"));
            }

            foreach (var tag in list.Take(WeChatPlatformLimits.MaxTagsPerFollower))
            {
                await tags.TagAsync(AppId, tag.TagId, [openIds[0]]);
            }

            return list;
        });

        var error = await Assert.ThrowsAsync<WeChatLimitException>(() => site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WeChatTagApi>().TagAsync(AppId, created[20].TagId, openIds);
            return 0;
        }));

        Assert.Equal(WeChatApiException.FollowerTagLimit, error.Code);
        Assert.Contains(openIds[0], error.Message, StringComparison.Ordinal);
        Assert.Equal(20, site.Controls().Calls(AppId, "tags/members/batchtagging"));
        Assert.Equal(0, await site.ScalarAsync($"SELECT COUNT(*) FROM \"WeChatSimFollowerTags\" WHERE \"OpenId\" = '{openIds[1]}'"));
    }

    [Fact]
    public async Task More_than_50_openids_in_one_call_are_refused_before_calling()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var openIds = await site.AddPlatformFollowersAsync(51);
        var tag = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().CreateAsync(AppId, "家属"));

        var error = await Assert.ThrowsAsync<WeChatLimitException>(() => site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<WeChatTagApi>().TagAsync(AppId, tag.TagId, openIds);
            return 0;
        }));

        Assert.Equal(WeChatApiException.OpenIdListTooLong, error.Code);
        Assert.Equal(0, site.Controls().Calls(AppId, "tags/members/batchtagging"));
    }

    [Fact]
    public async Task The_outbox_tags_any_number_of_openids_in_calls_of_50()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var openIds = await site.AddPlatformFollowersAsync(120);
        var tag = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatTagApi>().CreateAsync(AppId, "肝病关注"));
        var id = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().EnqueueAsync(AppId, WeChatOutboxKinds.Tag, new System.Text.Json.Nodes.JsonObject
        {
            ["tagId"] = tag.TagId,
            ["openIds"] = new System.Text.Json.Nodes.JsonArray(openIds.Select(o => (System.Text.Json.Nodes.JsonNode)o).ToArray()),
        }));

        Assert.Equal(1, await site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(10));

        var item = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().FindAsync(id));
        Assert.Equal(WeChatOutboxStatus.Done, item!.Status);
        Assert.Equal(3, site.Controls().Calls(AppId, "tags/members/batchtagging"));
        Assert.Equal(120, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimFollowerTags\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_mass_send_over_quota_45009_backs_off_instead_of_retrying_now(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        site.Controls().SetMassSendDailyQuota(AppId, 0);
        var id = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().EnqueueAsync(AppId, WeChatOutboxKinds.MassMessage, new System.Text.Json.Nodes.JsonObject
        {
            ["filter"] = new System.Text.Json.Nodes.JsonObject { ["is_to_all"] = true },
            ["text"] = new System.Text.Json.Nodes.JsonObject { ["content"] = "讲座通知" },
            ["msgtype"] = "text",
        }));
        var processor = site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>();
        var before = DateTime.UtcNow;

        var first = await processor.ProcessDueAsync(10);
        var second = await processor.ProcessDueAsync(10);

        var item = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().FindAsync(id));
        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(WeChatOutboxStatus.Pending, item!.Status);
        Assert.Equal(1, item.Attempts);
        Assert.Contains("45009", item.LastError, StringComparison.Ordinal);
        Assert.True(item.NextAttemptUtc >= before.AddMinutes(59), $"next attempt {item.NextAttemptUtc:O} is too soon");
        Assert.Equal(1, site.Controls().Calls(AppId, "message/mass/sendall"));
    }

    [Fact]
    public async Task A_custom_message_to_an_unknown_openid_fails_for_good()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var id = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().EnqueueAsync(AppId, WeChatOutboxKinds.CustomMessage, new System.Text.Json.Nodes.JsonObject
        {
            ["touser"] = "oNobody",
            ["msgtype"] = "text",
            ["text"] = new System.Text.Json.Nodes.JsonObject { ["content"] = "hi" },
        }));

        await site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(10);

        var item = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().FindAsync(id));
        Assert.Equal(WeChatOutboxStatus.Failed, item!.Status);
        Assert.Contains("40003", item.LastError, StringComparison.Ordinal);
    }
}
