using System.Diagnostics;
using System.Text.Json.Nodes;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Sending;
using Lianjie.WeChat.Simulator.Platform;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Api;

/// <summary>Template messages and mass sends (by tag, by openid list, preview) go through the outbox to the simulator, within its rules.</summary>
public class MessageSendingTests
{
    private const string AppId = SimulatedAccount.AppId;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_template_message_reaches_a_subscribed_follower_and_an_unknown_openid_fails_for_good(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        await site.AddPlatformFollowersAsync(1);
        var (sent, unknown) = await site.InScopeAsync(async sp =>
        {
            var sender = sp.GetRequiredService<WeChatMessageSender>();
            var data = new Dictionary<string, string> { ["first"] = "您报名的讲座明天开始", ["keyword1"] = "慢性肾病的饮食管理" };
            return (await sender.TemplateAsync(AppId, "oUser0001", "TPL_LECTURE", data, "https://clinic.example.com/lectures/1"),
                await sender.TemplateAsync(AppId, "oNobody", "TPL_LECTURE", data));
        });

        await Drain(site);

        var done = await ItemAsync(site, sent);
        Assert.Equal(WeChatOutboxStatus.Done, done.Status);
        Assert.Contains("msgid", done.Result, StringComparison.Ordinal);
        var body = JsonNode.Parse((await site.TextAsync("SELECT \"Body\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'message/template/send'"))!)!;
        Assert.Equal("oUser0001", body["touser"]!.GetValue<string>());
        Assert.Equal("TPL_LECTURE", body["template_id"]!.GetValue<string>());
        Assert.Equal("慢性肾病的饮食管理", body["data"]!["keyword1"]!["value"]!.GetValue<string>());
        Assert.Equal("https://clinic.example.com/lectures/1", body["url"]!.GetValue<string>());
        var failed = await ItemAsync(site, unknown);
        Assert.Equal(WeChatOutboxStatus.Failed, failed.Status);
        Assert.Contains("40003", failed.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_mass_send_goes_to_a_tag_or_an_openid_list_and_is_previewed_on_one_phone(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        var openIds = await site.AddPlatformFollowersAsync(3);
        var (byTag, byList, preview, again) = await site.InScopeAsync(async sp =>
        {
            var sender = sp.GetRequiredService<WeChatMessageSender>();
            var news = WeChatMassContent.News("MEDIA_LECTURE_1");
            return (await sender.MassByTagAsync(AppId, 134, WeChatMassContent.Text("肾病讲座报名开始"), "lecture-2026-12-tag"),
                await sender.MassByOpenIdsAsync(AppId, openIds, news, "lecture-2026-12-list"),
                await sender.PreviewAsync(AppId, openIds[0], news),
                await sender.MassByOpenIdsAsync(AppId, openIds, news, "lecture-2026-12-list"));
        });

        await Drain(site);

        Assert.Equal(byList, again); // the same send queued twice is one item
        foreach (var id in new[] { byTag, byList, preview })
        {
            Assert.Equal(WeChatOutboxStatus.Done, (await ItemAsync(site, id)).Status);
        }

        var tagBody = JsonNode.Parse((await site.TextAsync("SELECT \"Body\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'message/mass/sendall'"))!)!;
        Assert.Equal(134, tagBody["filter"]!["tag_id"]!.GetValue<long>());
        Assert.False(tagBody["filter"]!["is_to_all"]!.GetValue<bool>());
        Assert.Equal("肾病讲座报名开始", tagBody["text"]!["content"]!.GetValue<string>());
        var listBody = JsonNode.Parse((await site.TextAsync("SELECT \"Body\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'message/mass/send'"))!)!;
        Assert.Equal(openIds, (listBody["touser"] as JsonArray)!.Select(o => o!.GetValue<string>()).ToList());
        Assert.Equal("MEDIA_LECTURE_1", listBody["mpnews"]!["media_id"]!.GetValue<string>());
        Assert.Equal("lecture-2026-12-list", listBody["clientmsgid"]!.GetValue<string>());
        Assert.Equal(openIds[0], await site.TextAsync("SELECT \"ToUser\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'message/mass/preview'"));
        Assert.Equal(1, site.Controls().Calls(AppId, "message/mass/send"));
    }

    [Fact]
    public async Task A_mass_send_to_fewer_than_2_or_more_than_10000_openids_is_refused_before_queueing()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var content = WeChatMassContent.Text("hi");

        var one = await Assert.ThrowsAsync<WeChatLimitException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatMessageSender>().MassByOpenIdsAsync(AppId, ["oA", "oA"], content, "c1")));
        var many = await Assert.ThrowsAsync<WeChatLimitException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatMessageSender>().MassByOpenIdsAsync(AppId, Enumerable.Range(0, 10_001).Select(i => $"o{i}").ToList(), content, "c2")));
        await Assert.ThrowsAsync<ArgumentException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatMessageSender>().MassByTagAsync(AppId, 1, new WeChatMassContent("link", []), "c3")));

        Assert.Equal(WeChatApiException.MassOpenIdCount, one.Code);
        Assert.Contains("preview", one.Message, StringComparison.Ordinal);
        Assert.Contains("10,001", many.Message, StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\""));
    }

    [Fact]
    public async Task A_45009_on_a_mass_send_by_openid_backs_off_an_hour_and_a_minus_1_backs_off_seconds()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var openIds = await site.AddPlatformFollowersAsync(2);
        site.Controls().SetMassSendDailyQuota(AppId, 0);
        var faults = site.ShellHost.Current!.Services.GetRequiredService<SimulatorFaults>();
        faults.FailAfter(AppId, "message/template/send", 0, -1);
        var (mass, template) = await site.InScopeAsync(async sp =>
        {
            var sender = sp.GetRequiredService<WeChatMessageSender>();
            return (await sender.MassByOpenIdsAsync(AppId, openIds, WeChatMassContent.Text("讲座通知"), "quota-test"),
                await sender.TemplateAsync(AppId, openIds[0], "TPL", new Dictionary<string, string>()));
        });
        var before = DateTime.UtcNow;

        var processor = site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>();
        Assert.Equal(2, await processor.ProcessDueAsync(10));
        Assert.Equal(0, await processor.ProcessDueAsync(10)); // nothing retried at once

        var quota = await ItemAsync(site, mass);
        Assert.Equal(WeChatOutboxStatus.Pending, quota.Status);
        Assert.Contains("45009", quota.LastError, StringComparison.Ordinal);
        Assert.True(quota.NextAttemptUtc >= before.AddMinutes(59), $"next attempt {quota.NextAttemptUtc:O} is too soon");
        var busy = await ItemAsync(site, template);
        Assert.Equal(WeChatOutboxStatus.Pending, busy.Status);
        Assert.Equal(1, busy.Attempts);
        Assert.Contains("-1", busy.LastError, StringComparison.Ordinal);
        Assert.InRange(busy.NextAttemptUtc, before.AddSeconds(4), before.AddMinutes(1));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimOutbound\" WHERE \"Api\" IN ('message/mass/send', 'message/template/send')"));
    }

    [Fact]
    public async Task The_rate_limiter_spaces_an_accounts_calls_and_leaves_other_accounts_alone()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["WeChat:Outbox:CallsPerSecond"] = "10" }).Build();
        var limiter = new WeChatRateLimiter(configuration, TimeProvider.System);

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 6; i++)
        {
            await limiter.WaitAsync("wxA", CancellationToken.None);
        }

        var spaced = clock.Elapsed;
        clock.Restart();
        await limiter.WaitAsync("wxB", CancellationToken.None);
        var other = clock.Elapsed;

        // Six calls at 10/s: the sixth waits five intervals of 100 ms.
        Assert.True(spaced >= TimeSpan.FromMilliseconds(450), $"6 calls took {spaced.TotalMilliseconds} ms");
        Assert.True(other < TimeSpan.FromMilliseconds(90), $"another account waited {other.TotalMilliseconds} ms");
    }

    private static async Task Drain(TestSite site)
    {
        var processor = site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>();
        for (var i = 0; i < 10 && await processor.ProcessDueAsync(50) > 0; i++)
        {
        }
    }

    private static async Task<WeChatOutboxItem> ItemAsync(TestSite site, long id) =>
        (await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().FindAsync(id)))!;
}
