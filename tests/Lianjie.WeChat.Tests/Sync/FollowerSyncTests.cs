using System.Net;
using Lianjie.Core.Cli;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Simulator.Platform;
using Lianjie.WeChat.Sync;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Sync;

/// <summary>The full follower sync: pages of the user list, profiles 100 at a time, resumable after a stop.</summary>
public class FollowerSyncTests
{
    private const string AppId = SyncSite.AppId;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_sync_stopped_midway_resumes_where_it_stopped_and_syncs_every_follower_exactly_once(string provider)
    {
        await using var site = await SyncSite.StartAsync(provider);
        await site.AddPlatformFollowersAsync(320);
        site.Controls().SetUserListPageSize(AppId, 150);
        var faults = site.ShellHost.Current!.Services.GetRequiredService<SimulatorFaults>();
        // Page 1 (100 + 50) and the first 100 of page 2 go through; then the platform fails.
        faults.FailAfter(AppId, "user/info/batchget", 3, -1);

        var run = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().StartAsync(AppId, "test"));
        var stopped = await Assert.ThrowsAsync<WeChatApiException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().RunAsync(run.Id)));
        Assert.Equal(-1, stopped.Code);

        var halfway = (await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().LatestAsync(AppId)))!;
        Assert.Equal(WeChatFollowerSyncState.Failed, halfway.State);
        Assert.Equal(250, halfway.Followers);
        Assert.Equal(100, halfway.PageOffset);
        Assert.Equal(1, halfway.Pages);
        Assert.Equal(250, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));

        // A restart of the host, then the sync is started again: it resumes the same run.
        faults.Clear(AppId, "user/info/batchget");
        await site.RestartAsync();
        Loopback.Attach(site);
        site.Controls().SetUserListPageSize(AppId, 150);
        var resumed = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().StartAsync(AppId, "test"));
        Assert.Equal(run.Id, resumed.Id);
        var done = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().RunAsync(resumed.Id));

        Assert.Equal(WeChatFollowerSyncState.Completed, done.State);
        Assert.Equal(320, done.Followers);
        Assert.Equal(320, done.Total);
        Assert.Equal(320, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal(320, await site.ScalarAsync("SELECT COUNT(DISTINCT \"OpenId\") FROM \"Followers\""));
        Assert.Equal(320, await site.LedgerCountAsync("wechat.subscribe"));

        // A second full sync upserts the same followers and records no subscription twice.
        var again = await site.InScopeAsync(async sp =>
        {
            var sync = sp.GetRequiredService<WeChatFollowerSync>();
            return await sync.RunAsync((await sync.StartAsync(AppId, "test")).Id);
        });
        Assert.Equal(320, again.Followers);
        Assert.Equal(320, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal(320, await site.LedgerCountAsync("wechat.subscribe"));
    }

    [Fact]
    public async Task Every_openid_is_fetched_once_across_a_stop_and_a_resume()
    {
        await using var site = await SyncSite.StartAsync();
        await site.AddPlatformFollowersAsync(230);
        site.Controls().SetUserListPageSize(AppId, 100);
        var faults = site.ShellHost.Current!.Services.GetRequiredService<SimulatorFaults>();
        faults.FailAfter(AppId, "user/get", 2, -1);

        var run = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().StartAsync(AppId, "test"));
        await Assert.ThrowsAsync<WeChatApiException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatFollowerSync>().RunAsync(run.Id)));
        Assert.Equal(200, site.Controls().Calls(AppId, "user/info/batchget:openids"));
        faults.Clear(AppId, "user/get");

        await site.InScopeAsync(async sp =>
        {
            var sync = sp.GetRequiredService<WeChatFollowerSync>();
            return await sync.RunAsync((await sync.StartAsync(AppId, "test")).Id);
        });

        Assert.Equal(230, site.Controls().Calls(AppId, "user/info/batchget:openids"));
        Assert.Equal(230, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
    }

    [Fact]
    public async Task The_sync_re_pushes_mirrored_tags_that_WeChat_is_missing()
    {
        await using var site = await SyncSite.StartAsync();
        var tagIds = await site.CreateTagsAsync(["孕期妈妈"]);
        await site.MirrorAsync(tagIds, new MirrorChoice(tagIds[0], null));
        await site.DrainOutboxAsync();
        var followers = await site.AddFollowersAsync(5);
        // Tagged in Lianjie, but the tagging never reached WeChat (the reactor has not run).
        await site.TagAsync(followers["oUser0002"], "孕期妈妈");
        await site.TagAsync(followers["oUser0004"], "孕期妈妈");

        var run = await site.InScopeAsync(async sp =>
        {
            var sync = sp.GetRequiredService<WeChatFollowerSync>();
            return await sync.RunAsync((await sync.StartAsync(AppId, "test")).Id);
        });
        await site.DrainOutboxAsync();

        Assert.Equal(2, run.TagsPushed);
        Assert.Equal(2, await site.SimTaggedAsync(await site.WeChatTagIdAsync(tagIds[0])));
    }

    [Fact]
    public async Task The_CLI_verb_syncs_with_progress_lines_and_json()
    {
        await using var site = await SyncSite.StartAsync();
        await site.AddPlatformFollowersAsync(120);
        site.Controls().SetUserListPageSize(AppId, 50);

        var (code, text) = await RunCliAsync(site, ["wechat", "sync", "--app", AppId]);
        Assert.Equal(0, code);
        Assert.Contains("page 1: 50/120 followers", text, StringComparison.Ordinal);
        Assert.Contains("completed: 120 followers, 3 pages", text, StringComparison.Ordinal);

        var (jsonCode, json) = await RunCliAsync(site, ["wechat", "sync", "--app", AppId, "--json"]);
        Assert.Equal(0, jsonCode);
        var document = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        Assert.Equal("Completed", document["state"]!.GetValue<string>());
        Assert.Equal(120, document["followers"]!.GetValue<int>());

        var (unknown, _) = await RunCliAsync(site, ["wechat", "sync", "--app", "wxnosuchapp"]);
        Assert.Equal(1, unknown);
    }

    [Fact]
    public async Task The_admin_starts_a_sync_after_confirmation_and_shows_its_progress()
    {
        await using var site = await SyncSite.StartAsync();
        await site.AddPlatformFollowersAsync(30);
        var admin = await site.LoginAsync();
        var page = $"/admin/wechat/accounts/{AppId}/sync";
        var html = await admin.GetStringAsync(page);
        Assert.Contains("confirm(", html, StringComparison.Ordinal);

        var started = await TestSite.PostFormAsync(admin, page, page + "/start", []);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        // The request only queued it; the runner does the work.
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.True(await site.ShellHost.Current!.Services.GetRequiredService<WeChatFollowerSyncRunner>().RunOneAsync(CancellationToken.None));

        html = await admin.GetStringAsync(page);
        Assert.Contains("data-sync-state=\"Completed\"", html, StringComparison.Ordinal);
        Assert.Contains("30/30", html, StringComparison.Ordinal);
        Assert.Equal(30, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.sync.start'"));
    }

    private static async Task<(int Code, string Output)> RunCliAsync(TestSite site, string[] args)
    {
        var stdout = new StringWriter();
        var cli = new CliArguments(args);
        var code = await site.InScopeAsync(sp =>
            sp.GetServices<ICliCommand>().Single(c => c.Verb == "wechat").RunAsync(cli, new CliOutput(stdout, new StringWriter(), cli.Json), sp, CancellationToken.None));
        return (code, stdout.ToString());
    }
}
