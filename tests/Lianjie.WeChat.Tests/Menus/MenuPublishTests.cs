using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Menus;

/// <summary>The menu editor over HTTP, publishing through the outbox to the simulator, and the phone tapping the published menu.</summary>
public class MenuPublishTests
{
    private const string AppId = SimulatedAccount.AppId;
    private const string EditorPath = "/admin/wechat/menus/" + AppId;

    private static Dictionary<string, string> ValidForm() => new()
    {
        ["b0.name"] = "健康讲座",
        ["b0.type"] = "click",
        ["b0.key"] = "MENU_LECTURES",
        ["b1.name"] = "文章",
        ["b1.type"] = "view",
        ["b1.url"] = "https://clinic.example.com/articles",
        ["b2.name"] = "我的",
        ["b2.s0.name"] = "我的报名",
        ["b2.s0.type"] = "click",
        ["b2.s0.key"] = "MY_REGISTRATIONS",
        ["b2.s1.name"] = "预约小程序",
        ["b2.s1.type"] = "miniprogram",
        ["b2.s1.url"] = "https://clinic.example.com/book",
        ["b2.s1.appid"] = "wxminiprogram01",
        ["b2.s1.pagepath"] = "pages/book/index",
    };

    private static Task<int> ProcessOutboxAsync(TestSite site) =>
        site.ShellHost.Current!.Services.GetRequiredService<WeChatOutboxProcessor>().ProcessDueAsync(20);

    private static Task<JsonObject> MenuGetAsync(TestSite site) =>
        site.InScopeAsync(sp => sp.GetRequiredService<WeChatApiClient>().GetAsync(AppId, "/cgi-bin/menu/get"));

    [Fact]
    public async Task The_editor_shows_errors_beside_the_field_and_saves_nothing()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var admin = await site.LoginAsync();
        var form = ValidForm();
        form["b0.name"] = "健康讲座与科普"; // 18 bytes
        form["b2.s0.key"] = "";

        var response = await TestSite.PostFormAsync(admin, EditorPath, EditorPath, form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("name=\"b0.name\" value=\"健康讲座与科普\"", html, StringComparison.Ordinal);
        Assert.Contains("(40018)", html, StringComparison.Ordinal);
        Assert.Contains("(40026)", html, StringComparison.Ordinal);
        Assert.Contains("is-invalid\" name=\"b0.name\"", html, StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMenus\""));

        // WeChat's JSON pasted with a fourth top-level button.
        var json = "{\"button\":[" + string.Join(",", Enumerable.Range(1, 4).Select(i => $"{{\"type\":\"click\",\"name\":\"b{i}\",\"key\":\"K{i}\"}}")) + "]}";
        var pasted = await TestSite.PostFormAsync(admin, EditorPath, EditorPath, new() { ["json"] = json });
        Assert.Equal(HttpStatusCode.BadRequest, pasted.StatusCode);
        Assert.Contains("(40016)", await pasted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMenus\""));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Publish_goes_through_the_outbox_to_the_simulator_and_delete_removes_it(string provider)
    {
        await using var site = await SimulatedAccount.StartAsync(provider);
        var admin = await site.LoginAsync();

        var saved = await TestSite.PostFormAsync(admin, EditorPath, EditorPath, ValidForm());
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var publish = await TestSite.PostFormAsync(admin, EditorPath, EditorPath + "/publish", []);
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);

        // Queued, not sent in the request.
        Assert.Equal("Pending", await site.TextAsync("SELECT \"Status\" FROM \"WeChatOutbox\" WHERE \"Kind\" = 'menu.create'"));
        Assert.Equal(0, site.Controls().Calls(AppId, "menu/create"));
        Assert.Equal(1, await ProcessOutboxAsync(site));
        Assert.Equal("Done", await site.TextAsync("SELECT \"Status\" FROM \"WeChatOutbox\" WHERE \"Kind\" = 'menu.create'"));

        var live = (await MenuGetAsync(site))["menu"]!["button"]!.AsArray();
        Assert.Equal(3, live.Count);
        Assert.Equal("MENU_LECTURES", live[0]!["key"]!.GetValue<string>());
        Assert.Equal("pages/book/index", live[2]!["sub_button"]![1]!["pagepath"]!.GetValue<string>());
        Assert.Contains("menu-status\">已完成", await admin.GetStringAsync(EditorPath), StringComparison.Ordinal);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.menu.publish'"));

        var delete = await TestSite.PostFormAsync(admin, EditorPath, EditorPath + "/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        Assert.Equal(1, await ProcessOutboxAsync(site));
        var gone = await Assert.ThrowsAsync<WeChatApiException>(() => MenuGetAsync(site));
        Assert.Equal(46003, gone.Code);
    }

    [Fact]
    public async Task The_simulator_rejects_an_invalid_menu_with_its_code_and_the_outbox_records_the_failure()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var invalid = new JsonObject { ["button"] = new JsonArray(new JsonObject { ["type"] = "click", ["name"] = "一个太长的菜单名字", ["key"] = "K" }) };
        var id = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatOutbox>().EnqueueAsync(AppId, WeChatOutboxKinds.Menu, invalid));

        Assert.Equal(1, await ProcessOutboxAsync(site));

        Assert.Equal("Failed", await site.TextAsync($"SELECT \"Status\" FROM \"WeChatOutbox\" WHERE \"Id\" = {id}"));
        Assert.Contains("40018", await site.TextAsync($"SELECT \"LastError\" FROM \"WeChatOutbox\" WHERE \"Id\" = {id}"), StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatSimOutbound\" WHERE \"Api\" = 'menu/create'"));
    }

    [Fact]
    public async Task Tapping_a_published_click_button_on_the_phone_lands_on_the_ledger()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var admin = await site.LoginAsync();
        await TestSite.PostFormAsync(admin, EditorPath, EditorPath, ValidForm());
        await TestSite.PostFormAsync(admin, EditorPath, EditorPath + "/publish", []);
        await ProcessOutboxAsync(site);

        var phone = await admin.GetStringAsync("/admin/wechat/simulator?app=" + AppId);
        Assert.Contains("data-key=\"MY_REGISTRATIONS\">我的报名</button>", phone, StringComparison.Ordinal);

        // The button's own form, as the browser would submit it.
        var tapped = await TestSite.PostFormAsync(admin, "/admin/wechat/simulator?app=" + AppId, "/admin/wechat/simulator", new()
        {
            ["app"] = AppId,
            ["openid"] = "oMenuTapper",
            ["kind"] = "click",
            ["key"] = "MY_REGISTRATIONS",
        });
        Assert.Equal(HttpStatusCode.OK, tapped.StatusCode);
        Assert.Equal("MY_REGISTRATIONS", await site.TextAsync("SELECT \"Subject\" FROM \"LedgerEvents\" WHERE \"Type\" = 'wechat.click'"));
    }

    [Fact]
    public async Task Importing_the_menu_step_twice_keeps_one_menu_and_queues_it_once()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var recipe = RecipeReader.Parse($$"""
            { "name": "menu", "steps": [ { "name": "WeChatMenu", "AppId": "{{AppId}}", "Buttons": [
                { "type": "click", "name": "健康讲座", "key": "MENU_LECTURES" },
                { "name": "我的", "sub_button": [ { "type": "view", "name": "我的报名", "url": "https://clinic.example.com/me" } ] } ] } ] }
            """);
        var importer = site.Services.GetRequiredService<RecipeImporter>();

        Assert.True((await importer.ImportAsync(recipe, new RecipeImportOptions())).Succeeded);
        Assert.True((await importer.ImportAsync(recipe, new RecipeImportOptions())).Succeeded);

        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatMenus\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatOutbox\" WHERE \"Kind\" = 'menu.create'"));
        await ProcessOutboxAsync(site);
        Assert.Equal("MENU_LECTURES", (await MenuGetAsync(site))["menu"]!["button"]![0]!["key"]!.GetValue<string>());

        var bad = RecipeReader.Parse($$"""{ "name": "bad", "steps": [ { "name": "WeChatMenu", "AppId": "{{AppId}}", "Buttons": [ { "type": "click", "name": "x" } ] } ] }""");
        Assert.False((await importer.ImportAsync(bad, new RecipeImportOptions())).Succeeded);
    }
}
