using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Lianjie.Core.Followers;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Channels;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Channels;

/// <summary>QR channels end to end: ticket from the simulator, scan, tag, channel welcome, funnel, limits, recipe.</summary>
public partial class QrChannelTests
{
    private const string ClinicAppId = "wxclinicdemo0001";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Scanning_a_channel_code_tags_the_follower_sets_the_first_source_and_answers_with_the_channel_welcome(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider, "clinic");
        Loopback.Attach(site);
        await site.ShellHost.EnableAsync([LoopbackManifest.FeatureId]);
        var admin = await site.LoginAsync();
        var posterId = await site.ScalarAsync("SELECT \"Id\" FROM \"WeChatChannels\" WHERE \"Scene\" = 'clinic_poster'");

        // The printable code: the site asks the simulator for a ticket, then draws the PNG.
        var png = await admin.GetAsync($"/admin/wechat/channels/{posterId}/qrcode.png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(1, site.Controls().Calls(ClinicAppId, "qrcode/create"));
        Assert.Contains("QR_LIMIT_STR_SCENE", await site.TextAsync("SELECT \"Body\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'qrcode/create'"), StringComparison.Ordinal);
        // A second download reuses the permanent ticket.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/wechat/channels/{posterId}/qrcode.png")).StatusCode);
        Assert.Equal(1, site.Controls().Calls(ClinicAppId, "qrcode/create"));

        // "Scanning" it: the simulator's ticket carries app|scene|nonce, as its phone reads it.
        var ticket = await site.TextAsync("SELECT \"Ticket\" FROM \"WeChatChannels\" WHERE \"Id\" = " + posterId);
        var scene = Encoding.UTF8.GetString(Convert.FromBase64String(ticket!)).Split('|')[1];
        var result = await site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), new PhoneAction("subscribe", ClinicAppId, "oPosterScan", Scene: scene)));

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("<Encrypt>", result.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("欢迎", result.Body, StringComparison.Ordinal);
        Assert.Contains("欢迎通过门诊海报关注", result.Reply, StringComparison.Ordinal);
        Assert.DoesNotContain("欢迎关注康宁肝肾门诊", result.Reply, StringComparison.Ordinal); // the generic welcome lost
        await site.CatchUpAsync("followers.projection");
        Assert.Equal("qr:clinic_poster", await site.TextAsync("SELECT \"FirstSource\" FROM \"Followers\" WHERE \"OpenId\" = 'oPosterScan'"));
        Assert.Equal("clinic_poster", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.subscribe'"));
        var followerId = await site.ScalarAsync("SELECT \"Id\" FROM \"Followers\" WHERE \"OpenId\" = 'oPosterScan'");
        var tags = await site.InScopeAsync(sp => sp.GetRequiredService<IFollowerTagService>().GetAsync(followerId));
        var tag = Assert.Single(tags, t => t.Tag == "门诊扫码");
        Assert.Equal(WeChatChannelReplyProvider.TagOrigin, tag.Source);

        // A plain subscribe still gets the account's generic welcome.
        var plain = await site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), new PhoneAction("subscribe", ClinicAppId, "oPlain")));
        Assert.Contains("欢迎关注康宁肝肾门诊", plain.Reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_funnel_counts_scans_new_follows_refollows_and_what_became_of_the_new_followers(string provider)
    {
        await using var site = await WeChatSite.StartAsync(provider);
        var account = await site.AddAccountAsync(WeChatSite.PlainAppId, WeChatMessageMode.Plain);
        var channel = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatChannelService>()
            .SaveAsync(new WeChatChannelInput(null, WeChatSite.PlainAppId, "Poster", "poster1", true, null, null, "Hi from the poster")));
        var client = site.CreateClient();
        var t = WeChatSite.Now() - 200;

        async Task SendAsync(string openId, string eventName, string? key = null)
        {
            var response = await client.PostCallbackAsync(account, WeChatCallbackComposer.EventXml("gh", openId, t++, eventName, key, key is null ? null : "TICKET"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await SendAsync("oA", "subscribe", "qrscene_poster1");   // new
        await SendAsync("oB", "subscribe", "qrscene_poster1");   // new
        await SendAsync("oA", "SCAN", "poster1");                 // scan only
        await SendAsync("oB", "unsubscribe");
        await SendAsync("oB", "subscribe", "qrscene_poster1");   // re-follow; oB is subscribed again
        await SendAsync("oC", "subscribe");                       // plain follow, not this channel
        await SendAsync("oC", "unsubscribe");
        await SendAsync("oC", "subscribe", "qrscene_poster1");   // re-follow, never a new follow
        await SendAsync("oD", "subscribe", "qrscene_poster1");   // new
        await SendAsync("oD", "unsubscribe");                     // ... and gone
        await SendAsync("oE", "subscribe", "qrscene_other");      // another scene
        await site.CatchUpAsync(WeChatChannelFunnelReactor.ReactorName);

        var admin = await site.LoginAsync();
        var today = await TodayAsync(site);
        var funnel = await FunnelAsync(admin, channel.Id, today, today);
        Assert.Equal(new Dictionary<string, long> { ["scans"] = 6, ["new"] = 3, ["refollows"] = 2, ["unsubscribed"] = 1, ["subscribed"] = 2 }, funnel);
        var yesterday = DateOnly.ParseExact(today, "yyyy-MM-dd").AddDays(-1).ToString("yyyy-MM-dd");
        Assert.All((await FunnelAsync(admin, channel.Id, yesterday, yesterday)).Values, v => Assert.Equal(0, v));

        // Rebuilt from the ledger, the counters are the same.
        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<Lianjie.Core.Ledger.LedgerReactors>().RebuildAsync(WeChatChannelFunnelReactor.ReactorName);
            return 0;
        });
        await site.CatchUpAsync(WeChatChannelFunnelReactor.ReactorName);
        Assert.Equal(funnel, await FunnelAsync(admin, channel.Id, today, today));
    }

    [Fact]
    public async Task An_expiry_over_30_days_is_refused_by_the_admin_the_service_and_the_simulator()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var admin = await site.LoginAsync();

        var form = await TestSite.PostFormAsync(admin, "/admin/wechat/channels/new", "/admin/wechat/channels", new()
        {
            ["appId"] = SimulatedAccount.AppId,
            ["name"] = "Too long",
            ["scene"] = "too_long",
            ["expireDays"] = "31",
        });
        var service = await Assert.ThrowsAsync<ArgumentException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatChannelService>()
            .SaveAsync(new WeChatChannelInput(null, SimulatedAccount.AppId, "Too long", "too_long", false, 2_592_001, null, null))));
        var permanentId = await Assert.ThrowsAsync<ArgumentException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatChannelService>()
            .SaveAsync(new WeChatChannelInput(null, SimulatedAccount.AppId, "Big id", "100001", true, null, null, null))));
        var platform = await Assert.ThrowsAsync<WeChatApiException>(() => site.InScopeAsync(sp => sp.GetRequiredService<WeChatApiClient>().PostAsync(SimulatedAccount.AppId, "/cgi-bin/qrcode/create",
            new System.Text.Json.Nodes.JsonObject { ["action_name"] = "QR_STR_SCENE", ["expire_seconds"] = 2_592_001, ["action_info"] = new System.Text.Json.Nodes.JsonObject { ["scene"] = new System.Text.Json.Nodes.JsonObject { ["scene_str"] = "x" } } })));

        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        Assert.Contains("30", await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("30 days", service.Message, StringComparison.Ordinal);
        Assert.Contains("100000", permanentId.Message, StringComparison.Ordinal);
        Assert.Equal(40035, platform.Code);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatChannels\""));

        // 30 days exactly is fine, and a numeric temporary scene asks for QR_SCENE with scene_id.
        var ok = await TestSite.PostFormAsync(admin, "/admin/wechat/channels/new", "/admin/wechat/channels", new()
        {
            ["appId"] = SimulatedAccount.AppId,
            ["name"] = "Counter 7",
            ["scene"] = "7",
            ["expireDays"] = "30",
        });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        var id = await site.ScalarAsync("SELECT \"Id\" FROM \"WeChatChannels\"");
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/admin/wechat/channels/{id}/qrcode.png")).StatusCode);
        var body = await site.TextAsync("SELECT \"Body\" FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'qrcode/create'");
        Assert.Contains("\"QR_SCENE\"", body, StringComparison.Ordinal);
        Assert.Contains("\"scene_id\":7", body, StringComparison.Ordinal);
        Assert.Contains("2592000", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_admin_list_searches_and_deleting_asks_first_and_is_audited()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        var admin = await site.LoginAsync();

        var all = await (await admin.GetAsync("/admin/wechat/channels")).Content.ReadAsStringAsync();
        var search = await (await admin.GetAsync("/admin/wechat/channels?q=" + Uri.EscapeDataString("讲座"))).Content.ReadAsStringAsync();
        Assert.Contains("data-scene=\"clinic_poster\"", all, StringComparison.Ordinal);
        Assert.Contains("data-scene=\"lecture_checkin\"", all, StringComparison.Ordinal);
        Assert.Contains("onsubmit=\"return confirm(", all, StringComparison.Ordinal);
        Assert.DoesNotContain("data-scene=\"clinic_poster\"", search, StringComparison.Ordinal);
        Assert.Contains("data-scene=\"lecture_checkin\"", search, StringComparison.Ordinal);

        var id = await site.ScalarAsync("SELECT \"Id\" FROM \"WeChatChannels\" WHERE \"Scene\" = 'lecture_checkin'");
        var deleted = await TestSite.PostFormAsync(admin, "/admin/wechat/channels", $"/admin/wechat/channels/{id}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatChannels\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.channel.delete'"));
    }

    [Fact]
    public async Task Editing_a_channel_keeps_its_row_and_drops_a_ticket_whose_scene_changed()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        var admin = await site.LoginAsync();
        var id = await site.ScalarAsync("SELECT \"Id\" FROM \"WeChatChannels\" WHERE \"Scene\" = 'clinic_poster'");
        await site.TextAsync($"UPDATE \"WeChatChannels\" SET \"Ticket\" = 'OLD', \"QrUrl\" = 'http://weixin.qq.com/q/old' WHERE \"Id\" = {id}");

        var newPage = await admin.GetAsync("/admin/wechat/channels/new");
        var editPage = await admin.GetStringAsync($"/admin/wechat/channels/{id}");
        var saved = await TestSite.PostFormAsync(admin, $"/admin/wechat/channels/{id}", "/admin/wechat/channels", new()
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["appId"] = ClinicAppId,
            ["name"] = "门诊海报（新版）",
            ["scene"] = "clinic_poster_v2",
            ["permanent"] = "true",
            ["targetTag"] = "门诊扫码",
            ["welcomeReply"] = "新版海报欢迎语",
        });
        var funnelPage = await admin.GetAsync($"/admin/wechat/channels/{id}/funnel");

        Assert.Equal(HttpStatusCode.OK, newPage.StatusCode);
        Assert.Contains("clinic_poster", editPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatChannels\""));
        Assert.Equal("clinic_poster_v2", await site.TextAsync($"SELECT \"Scene\" FROM \"WeChatChannels\" WHERE \"Id\" = {id}"));
        Assert.Null(await site.TextAsync($"SELECT \"Ticket\" FROM \"WeChatChannels\" WHERE \"Id\" = {id}"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.channel.update'"));
        Assert.Equal(HttpStatusCode.OK, funnelPage.StatusCode);
        Assert.Contains("Asia/Shanghai", await funnelPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recipe_step_is_idempotent_by_app_and_scene_and_exports_the_channels()
    {
        await using var site = await TestSite.SetUpAsync("sqlite", "clinic");
        var recipe = RecipeReader.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "recipes", "clinic-wechat.recipe.json")));

        Assert.True((await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions())).Succeeded);

        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatChannels\""));
        Assert.Equal("讲座扫码", await site.TextAsync("SELECT \"TargetTag\" FROM \"WeChatChannels\" WHERE \"Scene\" = 'lecture_checkin'"));
        Assert.Equal(604800, await site.ScalarAsync("SELECT \"ExpireSeconds\" FROM \"WeChatChannels\" WHERE \"Scene\" = 'lecture_checkin'"));
        var exported = await site.InScopeAsync(sp => sp.GetRequiredService<RecipeExporter>().ExportAsync("x"));
        var step = exported["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == WeChatQrChannelsStep.StepName)!;
        Assert.Equal(ClinicAppId, step["AppId"]!.GetValue<string>());
        Assert.Equal(["clinic_poster", "lecture_checkin"], step["Channels"]!.AsArray().Select(c => c!["Scene"]!.GetValue<string>()).Order());
    }

    private static async Task<string> TodayAsync(TestSite site)
    {
        var settings = await site.InScopeAsync(sp => sp.GetRequiredService<Lianjie.Core.Settings.SiteSettingsStore>().GetAsync());
        return TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, settings.TimeZone).ToString("yyyy-MM-dd");
    }

    private static async Task<Dictionary<string, long>> FunnelAsync(HttpClient admin, long id, string from, string to)
    {
        var html = await admin.GetStringAsync($"/admin/wechat/channels/{id}/funnel?from={from}&to={to}");
        return FunnelCell().Matches(html).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("data-k=\"([a-z]+)\">(\\d+)<")]
    private static partial Regex FunnelCell();
}
