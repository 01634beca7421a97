using System.Net;
using System.Text.Json.Nodes;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Core.Followers;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Admin;

public class ContentAdminTests
{
    private static async Task<TestSite> SiteAsync()
    {
        var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(
            ContentsSite.ArticleDefinitionStep(),
            JsonNode.Parse("""{ "name": "Roles", "Roles": [ { "Name": "Writer", "Permissions": ["AccessAdminPanel", "EditContent"] } ] }""")!.AsObject());
        return site;
    }

    private static Dictionary<string, string> ArticleForm(string title, string html, string submit) => new()
    {
        ["ContentType"] = "Article",
        ["TitlePart.Title"] = title,
        ["HtmlBodyPart.Html"] = html,
        ["AutoroutePart.Path"] = "",
        ["InterestTagsPart.Tags"] = "肝病，饮食",
        ["f.Article.ReadingMinutes"] = "5",
        ["submit"] = submit,
    };

    [Fact]
    public async Task The_generated_editor_publishes_sanitised_html_and_the_action_is_audited()
    {
        await using var site = await SiteAsync();
        var admin = await site.LoginAsync();

        var editor = await admin.GetStringAsync("/admin/content/new?type=Article");
        Assert.Contains("name=\"f.Article.ReadingMinutes\"", editor);
        Assert.Contains("class=\"html-editor", editor);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/TheAdmin/lib/pell/pell.min.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/Lianjie.Contents/js/html-editor.js")).StatusCode);
        var saved = await TestSite.PostFormAsync(admin, "/admin/content/new?type=Article", "/admin/content/save", ArticleForm("护肝小贴士", "<p>少喝酒</p><script>x()</script>", "publish"));

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().ListAsync(new ContentQuery("Article")));
        var item = Assert.Single(page.Items);
        Assert.Equal("<p>少喝酒</p>", item.HtmlBody);
        Assert.Equal(["肝病", "饮食"], item.InterestTags);
        Assert.Equal(5m, item.GetNumericField("Article", "ReadingMinutes"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'content.publish'"));

        var list = await admin.GetStringAsync("/admin/content?tag=" + Uri.EscapeDataString("肝病") + "&q=" + Uri.EscapeDataString("护肝"));
        Assert.Contains("护肝小贴士", list);
        Assert.DoesNotContain("护肝小贴士", await admin.GetStringAsync("/admin/content?status=draft"));
    }

    [Fact]
    public async Task A_required_field_left_empty_shows_the_error_and_stores_nothing()
    {
        await using var site = await SiteAsync();
        var admin = await site.LoginAsync();
        var form = ArticleForm("缺字段", "<p>x</p>", "save");
        form["f.Article.ReadingMinutes"] = "";

        var response = await TestSite.PostFormAsync(admin, "/admin/content/new?type=Article", "/admin/content/save", form);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("id=\"content-errors\"", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\""));
    }

    [Fact]
    public async Task Publishing_without_permission_is_refused_in_the_admin()
    {
        await using var site = await SiteAsync();
        var admin = await site.LoginAsync();
        await TestSite.PostFormAsync(admin, "/admin/users", "/admin/users", new() { ["userName"] = "writer", ["password"] = "Wr1ter-pass!", ["roles"] = "Writer" });
        var writer = await site.LoginAsync("writer", "Wr1ter-pass!");

        var publish = await TestSite.PostFormAsync(writer, "/admin/content/new?type=Article", "/admin/content/save", ArticleForm("想直接发布", "<p>x</p>", "publish"));
        var draft = await TestSite.PostFormAsync(writer, "/admin/content/new?type=Article", "/admin/content/save", ArticleForm("先存草稿", "<p>x</p>", "save"));
        var id = draft.Headers.Location!.OriginalString.Split('/')[3];
        var bulk = await TestSite.PostFormAsync(writer, "/admin/content", "/admin/content/bulk", new() { ["action"] = "publish", ["ids"] = id });

        Assert.Equal("/admin/denied", publish.Headers.Location!.OriginalString);
        Assert.Equal("/admin/denied", bulk.Headers.Location!.OriginalString);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\""));
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"));
        Assert.DoesNotContain("name=\"submit\" value=\"publish\"", await writer.GetStringAsync($"/admin/content/{id}/edit"));
        Assert.Equal(HttpStatusCode.Redirect, (await writer.GetAsync("/admin/content-types")).StatusCode);
    }

    [Fact]
    public async Task Bulk_publish_and_delete_change_every_selected_item()
    {
        await using var site = await SiteAsync();
        var ids = new List<string>();
        foreach (var title in new[] { "一", "二", "三" })
        {
            var saved = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle(title, "<p>x</p>"), false, "admin"));
            ids.Add(saved.Item!.ContentItemId!);
        }

        var admin = await site.LoginAsync();
        var page = await admin.GetStringAsync("/admin/content");
        Assert.Contains("onsubmit=\"return confirm(", page);
        Assert.Contains("应用到所选", page); // Chinese UI by default
        var token = TestSite.Token(page);
        var publish = new FormUrlEncodedContent(ids.Take(2).Select(id => KeyValuePair.Create("ids", id)).Append(KeyValuePair.Create("action", "publish")).Append(KeyValuePair.Create("__RequestVerificationToken", token)));
        await admin.PostAsync("/admin/content/bulk", publish);
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"));

        var delete = new FormUrlEncodedContent([KeyValuePair.Create("ids", ids[0]), KeyValuePair.Create("ids", ids[2]), KeyValuePair.Create("action", "delete"), KeyValuePair.Create("__RequestVerificationToken", token)]);
        await admin.PostAsync("/admin/content/bulk", delete);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(DISTINCT \"ContentItemId\") FROM \"ContentItems\""));
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'content.delete'"));
    }

    [Fact]
    public async Task The_type_editor_adds_reorders_and_removes_fields_and_parts()
    {
        await using var site = await SiteAsync();
        var admin = await site.LoginAsync();

        await TestSite.PostFormAsync(admin, "/admin/content-types", "/admin/content-types", new() { ["name"] = "Lecture", ["displayName"] = "讲座" });
        await TestSite.PostFormAsync(admin, "/admin/content-types/Lecture", "/admin/content-types/Lecture/fields", new() { ["field"] = "Speaker", ["fieldType"] = "TextField", ["displayName"] = "主讲人", ["required"] = "true" });
        await TestSite.PostFormAsync(admin, "/admin/content-types/Lecture", "/admin/content-types/Lecture/fields", new() { ["field"] = "StartsAt", ["fieldType"] = "DateTimeField" });
        await TestSite.PostFormAsync(admin, "/admin/content-types/Lecture", "/admin/content-types/Lecture/parts", new() { ["part"] = "AutoroutePart" });
        await TestSite.PostFormAsync(admin, "/admin/content-types/Lecture", "/admin/content-types/Lecture", new()
        {
            ["displayName"] = "健康讲座",
            ["creatable"] = "true",
            ["readSeconds"] = "20",
            ["readScrollPercent"] = "50",
            ["fieldPosition.Speaker"] = "1",
            ["fieldPosition.StartsAt"] = "0",
        });

        var fields = await site.WithScopeAsync(sp => sp.GetRequiredService<IContentTypeFields>().GetFieldsAsync("Lecture"));
        Assert.Equal(["StartsAt", "Speaker"], fields.Select(f => f.Name));
        Assert.True(fields[1].Required);
        var definitions = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentDefinitionStore>().LoadAsync());
        var type = definitions.GetTypeDefinition("Lecture")!;
        Assert.Equal("健康讲座", type.DisplayName);
        Assert.True(type.HasPart("AutoroutePart"));
        Assert.Equal(20, Lianjie.Contents.Tracking.ContentTrackingSettings.For(type).ReadSeconds);
        Assert.False(type.TypeSettings.Listable);

        await TestSite.PostFormAsync(admin, "/admin/content-types/Lecture", "/admin/content-types/Lecture/fields/StartsAt/remove", []);
        await TestSite.PostFormAsync(admin, "/admin/content-types/Lecture", "/admin/content-types/Lecture/parts/AutoroutePart/remove", []);
        definitions = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentDefinitionStore>().LoadAsync());
        Assert.False(definitions.GetTypeDefinition("Lecture")!.HasPart("AutoroutePart"));
        Assert.Null(definitions.GetPartDefinition("Lecture")!.GetField("StartsAt"));
        Assert.Contains("name=\"f.Lecture.Speaker\"", await admin.GetStringAsync("/admin/content/new?type=Lecture"));
    }

    [Fact]
    public async Task History_restores_an_old_version_as_a_draft()
    {
        await using var site = await SiteAsync();
        var first = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle("旧标题", "<p>x</p>"), true, "admin"));
        var edit = first.Item!.Clone();
        edit.Title = "新标题";
        await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(edit, true, "admin"));
        var admin = await site.LoginAsync();
        var id = first.Item.ContentItemId!;

        var history = await admin.GetStringAsync($"/admin/content/{id}/history");
        Assert.Contains("旧标题", history);
        await TestSite.PostFormAsync(admin, $"/admin/content/{id}/history", $"/admin/content/{id}/restore/{first.Item.ContentItemVersionId}", []);

        Assert.Equal("旧标题", (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id, ContentStatus.Latest)))!.Title);
        Assert.Equal("新标题", (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(id)))!.Title);
    }
}
