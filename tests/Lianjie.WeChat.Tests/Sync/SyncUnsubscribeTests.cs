using System.Net;
using Lianjie.Core.Cli;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Channels;
using Lianjie.WeChat.Simulator.Platform;
using Lianjie.WeChat.Sync;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Sync;

/// <summary>A completed full sync marks followers WeChat no longer lists as unsubscribed, through the ledger; a stopped one marks nobody.</summary>
public class SyncUnsubscribeTests
{
    private const string AppId = SyncSite.AppId;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_completed_sync_unsubscribes_the_followers_missing_from_the_user_list_through_the_ledger(string provider)
    {
        await using var site = await SyncSite.StartAsync(provider);
        await site.AddFollowersAsync(5);
        var other = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var keys = (await site.InScopeAsync(sp => sp.GetRequiredService<WeChatAccountService>().GetKeysAsync(AppId)))!;
        var client = site.CreateClient();
        var t = WeChatSite.Now() - 600;

        async Task CallbackAsync(WeChatAccountKeys account, string openId, string eventName, string? key = null)
        {
            var response = await client.PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh", openId, t++, eventName, key, key is null ? null : "TICKET"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Followed here, then left while the site was down: WeChat no longer lists them.
        await CallbackAsync(keys, "oGone1", "subscribe", "qrscene_poster1");
        await CallbackAsync(keys, "oGone2", "subscribe");
        // Already unsubscribed in Lianjie: not marked again.
        await CallbackAsync(keys, "oLeft", "subscribe");
        await CallbackAsync(keys, "oLeft", "unsubscribe");
        // Another account's follower is none of this sync's business.
        await CallbackAsync(other, "oOtherAccount", "subscribe");
        await site.CatchUpAsync("followers.projection");

        var run = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().StartAsync(AppId, "test"));
        // Follows after the run began, so WeChat's list (read during the run) may lack them: not marked.
        await CallbackAsync(keys, "oLate", "subscribe");
        await site.CatchUpAsync("followers.projection");

        var (code, text) = await RunCliAsync(site, ["wechat", "sync", "--app", AppId]);
        Assert.Equal(0, code);
        Assert.Contains("completed: 5 followers", text, StringComparison.Ordinal);
        Assert.Contains("2 marked unsubscribed.", text, StringComparison.Ordinal);

        var done = (await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().LatestAsync(AppId)))!;
        Assert.Equal(run.Id, done.Id);
        Assert.Equal(WeChatFollowerSyncState.Completed, done.State);
        Assert.Equal(2, done.Unsubscribed);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.unsubscribe' AND \"Source\" = 'sync'"));
        Assert.Equal(2, await site.ScalarAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Source\" = 'sync' AND \"DedupeKey\" LIKE 'wechat:{AppId}:sync:{run.Id}:unsubscribe:%' AND \"AccountId\" = '{AppId}'"));

        // The projection and the channel funnel read it like any unsubscribe.
        await site.CatchUpAsync("followers.projection");
        await site.CatchUpAsync(WeChatChannelFunnelReactor.ReactorName);
        Assert.Equal(0, await SubscribedAsync(site, "oGone1"));
        Assert.Equal(0, await SubscribedAsync(site, "oGone2"));
        Assert.Equal(1, await SubscribedAsync(site, "oLate"));
        Assert.Equal(1, await SubscribedAsync(site, "oOtherAccount"));
        Assert.Equal(5, await site.ScalarAsync($"SELECT COUNT(*) FROM \"Followers\" WHERE \"AccountId\" = '{AppId}' AND \"OpenId\" LIKE 'oUser%' AND \"Subscribed\""));
        Assert.NotNull(await site.TextAsync("SELECT \"UnsubscribedUtc\" FROM \"Followers\" WHERE \"OpenId\" = 'oGone1'"));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatChannelMembers\" m JOIN \"Followers\" f ON f.\"Id\" = m.\"FollowerId\" WHERE f.\"OpenId\" IN ('oGone1', 'oGone2') AND m.\"Subscribed\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatChannelMembers\" m JOIN \"Followers\" f ON f.\"Id\" = m.\"FollowerId\" WHERE f.\"OpenId\" = 'oGone1' AND m.\"UnsubscribedUtc\" IS NOT NULL"));

        // The admin page shows the count.
        var admin = await site.LoginAsync();
        var html = await admin.GetStringAsync($"/admin/wechat/accounts/{AppId}/sync");
        Assert.Contains("data-sync-unsubscribed=\"2\"", html, StringComparison.Ordinal);

        // The next sync finds nobody left to mark (and oLate, still not on WeChat's list, is marked now).
        var (jsonCode, json) = await RunCliAsync(site, ["wechat", "sync", "--app", AppId, "--json"]);
        Assert.Equal(0, jsonCode);
        Assert.Equal(1, System.Text.Json.Nodes.JsonNode.Parse(json)!["unsubscribed"]!.GetValue<int>());
        Assert.Equal(3, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.unsubscribe' AND \"Source\" = 'sync'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_sync_that_stops_midway_marks_nobody_and_its_resumed_run_marks_exactly_the_absent(string provider)
    {
        await using var site = await SyncSite.StartAsync(provider);
        var openIds = await site.AddPlatformFollowersAsync(320);
        site.Controls().SetUserListPageSize(AppId, 150);
        await site.InScopeAsync(async sp =>
        {
            var sync = sp.GetRequiredService<WeChatFollowerSync>();
            return await sync.RunAsync((await sync.StartAsync(AppId, "test")).Id);
        });
        await site.CatchUpAsync("followers.projection");
        Assert.Equal(320, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"Subscribed\""));

        // Three users unfollow on WeChat: one early in the list, two on pages the stopped run never reaches.
        string[] gone = [openIds[10], openIds[300], openIds[310]];
        await site.InScopeAsync(async sp =>
        {
            foreach (var openId in gone)
            {
                await sp.GetRequiredService<SimulatorPlatform>().UpsertFollowerAsync(AppId, openId, false, null);
            }

            return 0;
        });

        var faults = site.ShellHost.Current!.Services.GetRequiredService<SimulatorFaults>();
        faults.FailAfter(AppId, "user/info/batchget", 3, -1);
        var run = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().StartAsync(AppId, "test"));
        await Assert.ThrowsAsync<WeChatApiException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().RunAsync(run.Id)));

        var stopped = (await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().LatestAsync(AppId)))!;
        Assert.Equal(WeChatFollowerSyncState.Failed, stopped.State);
        Assert.Equal(0, stopped.Unsubscribed);
        Assert.Equal(0, await site.LedgerCountAsync("wechat.unsubscribe"));

        // The host restarts; the resumed run walks the rest and then marks exactly the three.
        faults.Clear(AppId, "user/info/batchget");
        await site.RestartAsync();
        Loopback.Attach(site);
        site.Controls().SetUserListPageSize(AppId, 150);
        var done = await site.InScopeAsync(async sp =>
        {
            var sync = sp.GetRequiredService<WeChatFollowerSync>();
            return await sync.RunAsync((await sync.StartAsync(AppId, "test")).Id);
        });

        Assert.Equal(run.Id, done.Id);
        Assert.Equal(WeChatFollowerSyncState.Completed, done.State);
        Assert.Equal(317, done.Followers);
        Assert.Equal(3, done.Unsubscribed);
        Assert.Equal(3, await site.LedgerCountAsync("wechat.unsubscribe"));
        await site.CatchUpAsync("followers.projection");
        Assert.Equal(317, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"Subscribed\""));
        foreach (var openId in gone)
        {
            Assert.Equal(0, await SubscribedAsync(site, openId));
        }
    }

    [Fact]
    public async Task Marking_again_after_a_crash_during_marking_appends_nothing_twice()
    {
        await using var site = await SyncSite.StartAsync();
        await site.AddFollowersAsync(3);
        var keys = (await site.InScopeAsync(sp => sp.GetRequiredService<WeChatAccountService>().GetKeysAsync(AppId)))!;
        var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PostCallbackAsync(keys, WeChatCallbackComposer.EventXml("gh", "oGone", WeChatSite.Now() - 60, "subscribe"))).StatusCode);
        await site.CatchUpAsync("followers.projection");

        // The walk is done, the marks are committed, then the host dies before the run is Completed:
        // the projection has not caught up, so the follower still reads as subscribed when marking repeats.
        var run = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().StartAsync(AppId, "test"));
        var first = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatSyncAbsentFollowers>().MarkAsync(run, (_, _) => Task.CompletedTask, CancellationToken.None));
        var again = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatSyncAbsentFollowers>().MarkAsync(run, (_, _) => Task.CompletedTask, CancellationToken.None));

        Assert.Equal(1, first); // the three oUser were never subscribed in Lianjie; oGone was
        Assert.Equal(0, again);
        Assert.Equal(1, await site.LedgerCountAsync("wechat.unsubscribe"));
    }

    private static Task<long> SubscribedAsync(TestSite site, string openId) =>
        site.ScalarAsync($"SELECT CASE WHEN \"Subscribed\" THEN 1 ELSE 0 END FROM \"Followers\" WHERE \"OpenId\" = '{openId}'");

    private static async Task<(int Code, string Output)> RunCliAsync(TestSite site, string[] args)
    {
        var stdout = new StringWriter();
        var cli = new CliArguments(args);
        var code = await site.InScopeAsync(sp =>
            sp.GetServices<ICliCommand>().Single(c => c.Verb == "wechat").RunAsync(cli, new CliOutput(stdout, new StringWriter(), cli.Json), sp, CancellationToken.None));
        return (code, stdout.ToString());
    }
}
