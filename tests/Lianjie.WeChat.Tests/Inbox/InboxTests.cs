using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Lianjie.WeChat.Inbox;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Reactors;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Inbox;

/// <summary>Customer-service inbox: simulator texts land in threads; replies go ledger → outbox → simulator within WeChat's 48 hours only.</summary>
public class InboxTests
{
    private const string AppId = SimulatedAccount.AppId;

    private static Task<PhoneResult> PhoneTextAsync(TestSite site, string openId, string text) =>
        site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), new PhoneAction("text", AppId, openId, Content: text)));

    private static async Task<long> FollowerAsync(TestSite site, string openId) =>
        await site.InScopeAsync(async sp => (await sp.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey(AppId, openId), true))!.Follower.Id);

    /// <summary>A message as the callback recorder writes it, at a chosen time.</summary>
    private static async Task AppendMessageAsync(TestSite site, string openId, string text, DateTime occurredUtc)
    {
        var follower = await FollowerAsync(site, openId);
        await site.InScopeAsync(async sp => await sp.GetRequiredService<IBehaviourLedger>().AppendAsync(new BehaviourEventDraft(
            "wechat.message", follower, "text", new JsonObject { ["FromUserName"] = openId, ["MsgType"] = "text", ["Content"] = text }, occurredUtc, "wechat", $"test:{openId}:{text}", AppId)));
    }

    private static async Task<long> ConversationIdAsync(TestSite site, string openId) =>
        await site.ScalarAsync($"SELECT \"Id\" FROM \"WeChatConversations\" WHERE \"OpenId\" = '{openId}'");

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_text_from_the_phone_appears_in_the_inbox_and_a_reply_reaches_the_phone(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        await site.InScopeAsync(sp => sp.GetRequiredService<Lianjie.WeChat.Simulator.Platform.SimulatorPlatform>().UpsertFollowerAsync(AppId, "oPatient", true, null));
        Assert.Equal(200, (await PhoneTextAsync(site, "oPatient", "请问肾病讲座几点开始？")).StatusCode);
        await PhoneTextAsync(site, "oOther", "挂号");
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        var admin = await site.LoginAsync();

        var list = await admin.GetStringAsync("/admin/wechat/inbox");
        Assert.Contains("请问肾病讲座几点开始？", list, StringComparison.Ordinal);
        Assert.Contains("unread\">1</span>", list, StringComparison.Ordinal);
        var search = await admin.GetStringAsync("/admin/wechat/inbox?q=" + Uri.EscapeDataString("讲座"));
        Assert.Contains("oPatient", search, StringComparison.Ordinal);
        Assert.DoesNotContain("oOther", search, StringComparison.Ordinal);
        // Nicknames belong to the Followers module; the inbox asks it (as the sync from WeChat would have filled it).
        await site.TextAsync("UPDATE \"Followers\" SET \"Nickname\" = '张阿姨' WHERE \"OpenId\" = 'oPatient'");
        var byNickname = await admin.GetStringAsync("/admin/wechat/inbox?q=" + Uri.EscapeDataString("张阿姨"));
        Assert.Contains("oPatient", byNickname, StringComparison.Ordinal);
        Assert.DoesNotContain("oOther", byNickname, StringComparison.Ordinal);

        var id = await ConversationIdAsync(site, "oPatient");
        var thread = await admin.GetStringAsync($"/admin/wechat/inbox/{id}");
        Assert.Contains("id=\"reply-form\"", thread, StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync($"SELECT \"UnreadCount\" FROM \"WeChatConversations\" WHERE \"Id\" = {id}"));

        var reply = await TestSite.PostFormAsync(admin, $"/admin/wechat/inbox/{id}", $"/admin/wechat/inbox/{id}/reply", new() { ["text"] = "周六下午两点，门诊三楼。" });
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.inbox.reply'"));

        // Ledger → outbox (nothing sent in the request) → simulator.
        Assert.Equal(0, site.Controls().Calls(AppId, "message/custom/send"));
        await site.CatchUpAsync(MessageRequestReactor.ReactorName);
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        Assert.Contains("delivery\">已排队", await admin.GetStringAsync($"/admin/wechat/inbox/{id}"), StringComparison.Ordinal);
        Assert.Equal(1, await site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(10));

        var after = await admin.GetStringAsync($"/admin/wechat/inbox/{id}");
        Assert.Contains("周六下午两点，门诊三楼。", after, StringComparison.Ordinal);
        Assert.Contains("delivery\">已送达", after, StringComparison.Ordinal);
        var phone = await admin.GetStringAsync($"/admin/wechat/simulator?app={AppId}&openid=oPatient");
        Assert.Contains("sim-chat-text\">周六下午两点，门诊三楼。", phone, StringComparison.Ordinal);

        // The inbox is a projection: a rebuild gives the same thread.
        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LedgerReactors>().RebuildAsync(WeChatInboxReactor.ReactorName);
            return 0;
        });
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatConversationMessages\""));
    }

    [Fact]
    public async Task A_reply_the_platform_refuses_shows_as_failed_with_its_error_in_the_thread()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await PhoneTextAsync(site, "oLeaving", "谢谢");
        // The user has since unsubscribed: WeChat answers 43004 (require subscribe).
        await site.InScopeAsync(sp => sp.GetRequiredService<Lianjie.WeChat.Simulator.Platform.SimulatorPlatform>().UpsertFollowerAsync(AppId, "oLeaving", false, null));
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        var admin = await site.LoginAsync();
        var id = await ConversationIdAsync(site, "oLeaving");

        await TestSite.PostFormAsync(admin, $"/admin/wechat/inbox/{id}", $"/admin/wechat/inbox/{id}/reply", new() { ["text"] = "不客气" });
        await site.CatchUpAsync(MessageRequestReactor.ReactorName);
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        await site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(10);

        var thread = await admin.GetStringAsync($"/admin/wechat/inbox/{id}");
        Assert.Contains("delivery\">失败", thread, StringComparison.Ordinal);
        Assert.Contains("43004", thread, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_after_48_hours_is_refused_and_nothing_is_queued()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await AppendMessageAsync(site, "oQuiet", "上周的问题", DateTime.UtcNow.AddHours(-49));
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        var admin = await site.LoginAsync();
        var id = await ConversationIdAsync(site, "oQuiet");

        var page = await admin.GetStringAsync($"/admin/wechat/inbox/{id}");
        Assert.Contains("id=\"reply-closed\"", page, StringComparison.Ordinal);
        var reply = await admin.PostAsync($"/admin/wechat/inbox/{id}/reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["text"] = "还在吗？",
            ["__RequestVerificationToken"] = TestSite.Token(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, reply.StatusCode);
        Assert.Contains("48 小时内", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await site.LedgerCountAsync(MessageRequestReactor.RequestedEventType));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\""));
    }

    [Fact]
    public async Task The_inbox_pages_newest_first()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var start = DateTime.UtcNow.AddHours(-2);
        for (var i = 0; i < WeChatInboxService.PageSize + 2; i++)
        {
            await AppendMessageAsync(site, $"oPage{i:D2}", "hello " + i, start.AddMinutes(i));
        }

        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        var admin = await site.LoginAsync();

        var first = await admin.GetStringAsync("/admin/wechat/inbox");
        var second = await admin.GetStringAsync("/admin/wechat/inbox?page=2");
        Assert.Contains("oPage31", first, StringComparison.Ordinal);
        Assert.DoesNotContain("oPage01", first, StringComparison.Ordinal);
        Assert.Contains("oPage01", second, StringComparison.Ordinal);
        Assert.Contains("oPage00", second, StringComparison.Ordinal);
        Assert.DoesNotContain("oPage31", second, StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_inbox_takes_only_messages_from_a_ledger_of_other_events_and_finds_them_again_after_a_rebuild(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        var follower = await FollowerAsync(site, "oBusy");
        async Task ViewsAsync(string prefix, int count) => await site.InScopeAsync(async sp =>
        {
            var ledger = sp.GetRequiredService<IBehaviourLedger>();
            await Task.WhenAll(Enumerable.Range(0, count).Select(i => ledger.AppendAsync(new BehaviourEventDraft(
                BehaviourEventTypes.ContentView, follower, "article-" + i, DedupeKey: $"view:{prefix}:{i}"))));
            return 0;
        });

        await ViewsAsync("a", 120);
        await AppendMessageAsync(site, "oBusy", "第一条", DateTime.UtcNow.AddMinutes(-2));
        await ViewsAsync("b", 120);
        await AppendMessageAsync(site, "oBusy", "第二条", DateTime.UtcNow.AddMinutes(-1));
        await ViewsAsync("c", 60);

        async Task AssertInboxAsync()
        {
            await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
            Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatConversationMessages\""));
            Assert.Equal(2, await site.ScalarAsync("SELECT \"MessageCount\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oBusy'"));
            Assert.Equal(2, await site.ScalarAsync("SELECT \"UnreadCount\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oBusy'"));
            // Caught up means past the trailing views too, though the inbox never reacts to them.
            Assert.Equal(
                await site.ScalarAsync("SELECT MAX(\"Position\") FROM \"LedgerEvents\""),
                await site.ScalarAsync($"SELECT \"Position\" FROM \"LedgerCheckpoints\" WHERE \"Reactor\" = '{WeChatInboxReactor.ReactorName}'"));
        }

        await AssertInboxAsync();
        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<LedgerReactors>().RebuildAsync(WeChatInboxReactor.ReactorName);
            return 0;
        });
        await AssertInboxAsync();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_thread_adds_up_batch_after_batch_shows_its_newest_message_and_keeps_what_the_admin_read(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        var now = DateTime.UtcNow;
        Task<string?> PreviewAsync() => site.TextAsync("SELECT \"Preview\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oThread'");

        await AppendMessageAsync(site, "oThread", "十点的", now.AddHours(-1));
        await AppendMessageAsync(site, "oThread", "九点的", now.AddHours(-2)); // same batch, older: not the preview
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        Assert.Equal("十点的", await PreviewAsync());

        await AppendMessageAsync(site, "oThread", "八点的，迟到了", now.AddHours(-3)); // a later batch with an older message
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        Assert.Equal("十点的", await PreviewAsync());
        Assert.Equal(3, await site.ScalarAsync("SELECT \"MessageCount\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oThread'"));
        Assert.Equal(3, await site.ScalarAsync("SELECT \"UnreadCount\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oThread'"));

        // The admin opened the thread; the next message counts from there, and it is the newest.
        await site.TextAsync("UPDATE \"WeChatConversations\" SET \"UnreadCount\" = 0 WHERE \"OpenId\" = 'oThread'");
        await AppendMessageAsync(site, "oThread", "现在的", now);
        await site.CatchUpAsync(WeChatInboxReactor.ReactorName);
        Assert.Equal("现在的", await PreviewAsync());
        Assert.Equal(1, await site.ScalarAsync("SELECT \"UnreadCount\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oThread'"));
        Assert.Equal(4, await site.ScalarAsync("SELECT \"MessageCount\" FROM \"WeChatConversations\" WHERE \"OpenId\" = 'oThread'"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatConversations\""));
        Assert.Equal(4, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatConversationMessages\" m JOIN \"WeChatConversations\" c ON c.\"Id\" = m.\"ConversationId\" WHERE c.\"OpenId\" = 'oThread'"));
    }
}
