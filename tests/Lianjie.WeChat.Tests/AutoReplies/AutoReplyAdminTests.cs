using System.Net;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.WeChat.Simulator.Phone;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.AutoReplies;

/// <summary>The auto-reply admin: rules made on the page answer the phone's messages, with news cards and tags.</summary>
public class AutoReplyAdminTests
{
    private const string AppId = SimulatedAccount.AppId;
    private const string Root = "/admin/wechat/autoreplies";

    private static Task<PhoneResult> SendAsync(TestSite site, PhoneAction action) =>
        site.InScopeAsync(sp => sp.GetRequiredService<SimulatorPhone>().SendAsync(new Uri("http://localhost/"), action));

    [Fact]
    public async Task Rules_created_in_the_admin_answer_matching_messages_and_apply_their_tag()
    {
        await using var site = await SimulatedAccount.StartAsync();
        await site.ShellHost.EnableAsync(["Lianjie.Tags"]);
        var tags = RecipeReader.Parse("""{ "name": "t", "steps": [ { "name": "Tags", "Tags": [ { "Name": "讲座关注" } ] } ] }""");
        Assert.True((await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(tags, new RecipeImportOptions())).Succeeded);
        var admin = await site.LoginAsync();
        var newKeyword = $"{Root}/new?app={AppId}&trigger=keyword";

        var created = await TestSite.PostFormAsync(admin, newKeyword, Root, new()
        {
            ["app"] = AppId,
            ["trigger"] = "keyword",
            ["match"] = "讲座",
            ["exact"] = "false",
            ["replyKind"] = "news",
            ["newsTitle"] = "慢性肾病的饮食管理",
            ["newsDescription"] = "周六 14:00",
            ["newsUrl"] = "https://clinic.example.com/h5/lectures/1",
            ["tagName"] = "讲座关注",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await TestSite.PostFormAsync(admin, $"{Root}/new?app={AppId}&trigger=subscribe", Root, new()
        {
            ["app"] = AppId,
            ["trigger"] = "subscribe",
            ["replyKind"] = "text",
            ["replyText"] = "欢迎关注！",
        });
        Assert.Contains("慢性肾病的饮食管理", await admin.GetStringAsync($"{Root}?app={AppId}"), StringComparison.Ordinal);

        var welcome = await SendAsync(site, new PhoneAction("subscribe", AppId, "oAsker"));
        var lecture = await SendAsync(site, new PhoneAction("text", AppId, "oAsker", Content: "有讲座吗"));
        var other = await SendAsync(site, new PhoneAction("text", AppId, "oAsker", Content: "你好"));

        Assert.Contains("欢迎关注！", welcome.Reply, StringComparison.Ordinal);
        Assert.Contains("<MsgType><![CDATA[news]]></MsgType>", lecture.Reply, StringComparison.Ordinal);
        Assert.Contains("<Url><![CDATA[https://clinic.example.com/h5/lectures/1]]></Url>", lecture.Reply, StringComparison.Ordinal);
        Assert.Equal("success", other.Body);
        Assert.Equal(1, await site.LedgerCountAsync("tag.added"));
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.autoreply.create'"));
    }

    [Fact]
    public async Task An_invalid_rule_is_refused_with_its_reason_and_delete_removes_a_rule()
    {
        await using var site = await SimulatedAccount.StartAsync();
        var admin = await site.LoginAsync();
        var page = $"{Root}/new?app={AppId}&trigger=keyword";

        var invalid = await TestSite.PostFormAsync(admin, page, Root, new() { ["app"] = AppId, ["trigger"] = "keyword", ["match"] = "文章", ["replyKind"] = "news", ["newsTitle"] = "标题", ["newsUrl"] = "javascript:alert(1)" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("http:// 或 https://", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAutoReplies\""));

        await TestSite.PostFormAsync(admin, page, Root, new() { ["app"] = AppId, ["trigger"] = "keyword", ["match"] = "挂号", ["exact"] = "true", ["replyKind"] = "text", ["replyText"] = "周一至周六" });
        var id = await site.ScalarAsync("SELECT \"Id\" FROM \"WeChatAutoReplies\"");
        // Answered (and the account's rules now cached), so the answer after the delete shows the cache let go.
        Assert.Contains("周一至周六", (await SendAsync(site, new PhoneAction("text", AppId, "oX", Content: "挂号"))).Reply, StringComparison.Ordinal);
        Assert.Contains("return confirm(", await admin.GetStringAsync($"{Root}?app={AppId}"), StringComparison.Ordinal);
        var deleted = await TestSite.PostFormAsync(admin, $"{Root}?app={AppId}", $"{Root}/{id}/delete", []);

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAutoReplies\""));
        Assert.Equal("success", (await SendAsync(site, new PhoneAction("text", AppId, "oX", Content: "挂号 "))).Body);
    }
}
