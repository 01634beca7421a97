using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Security;

/// <summary>Per-type permissions (edit own/all, publish, delete) in the role editor, the admin and the API.</summary>
public class ContentTypePermissionTests
{
    private const string Password = "Passw0rd-role!";

    private static JsonObject PageTypeStep() => JsonNode.Parse("""
        {
          "name": "ContentDefinition",
          "ContentTypes": [
            {
              "Name": "Page", "DisplayName": "Page",
              "Settings": { "ContentTypeSettings": { "Creatable": true, "Listable": true } },
              "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart", "Settings": {} } ]
            }
          ]
        }
        """)!.AsObject();

    private static async Task<TestSite> SiteAsync()
    {
        var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(
            ContentsSite.ArticleDefinitionStep(),
            PageTypeStep(),
            JsonNode.Parse("""
                { "name": "Roles", "Roles": [
                  { "Name": "ArticleAuthor", "Permissions": ["AccessAdminPanel", "AccessApi", "EditOwnContent.Article"] },
                  { "Name": "AdminOnly", "Permissions": ["AccessAdminPanel"] },
                  { "Name": "ArticlePublisher", "Permissions": ["AccessAdminPanel", "EditContent.Article", "EditContent.Page", "PublishContent.Article"] }
                ] }
                """)!.AsObject());
        return site;
    }

    private static async Task<HttpClient> UserAsync(TestSite site, string userName, string role)
    {
        var admin = await site.LoginAsync();
        var created = await TestSite.PostFormAsync(admin, "/admin/users", "/admin/users", new() { ["userName"] = userName, ["password"] = Password, ["roles"] = role });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        return await site.LoginAsync(userName, Password);
    }

    private static Dictionary<string, string> ArticleForm(string title, string submit, string? id = null)
    {
        var form = new Dictionary<string, string>
        {
            ["ContentType"] = "Article",
            ["TitlePart.Title"] = title,
            ["HtmlBodyPart.Html"] = "<p>x</p>",
            ["AutoroutePart.Path"] = "",
            ["InterestTagsPart.Tags"] = "",
            ["f.Article.ReadingMinutes"] = "3",
            ["submit"] = submit,
        };
        if (id is not null)
        {
            form["ContentItemId"] = id;
        }

        return form;
    }

    private static Task<string> SaveAsAsync(TestSite site, string owner, string title) =>
        site.WithScopeAsync(async sp => (await sp.GetRequiredService<ContentManager>().SaveAsync(ContentsSite.NewArticle(title, "<p>x</p>"), false, owner)).Item!.ContentItemId!);

    [Fact]
    public async Task The_role_editor_lists_own_all_publish_and_delete_permissions_for_every_type()
    {
        await using var site = await SiteAsync();
        var admin = await site.LoginAsync();

        var page = await admin.GetStringAsync("/admin/roles?edit=ArticleAuthor");

        foreach (var type in new[] { "Article", "Page" })
        {
            foreach (var name in new[] { "EditOwnContent", "EditContent", "PublishContent", "DeleteOwnContent", "DeleteContent" })
            {
                Assert.Contains($"value=\"{name}.{type}\"", page);
            }
        }

        // The granted per-type permission is ticked.
        Assert.Matches("value=\"EditOwnContent\\.Article\"\\s+checked", page);
        Assert.DoesNotMatch("value=\"EditContent\\.Article\"\\s+checked", page);

        // A type added later shows up without a restart.
        await TestSite.PostFormAsync(admin, "/admin/content-types", "/admin/content-types", new() { ["name"] = "Lecture", ["displayName"] = "讲座" });
        Assert.Contains("value=\"PublishContent.Lecture\"", await admin.GetStringAsync("/admin/roles"));
    }

    [Fact]
    public async Task An_author_with_edit_own_article_edits_their_own_but_not_others_and_cannot_publish()
    {
        await using var site = await SiteAsync();
        var othersId = await SaveAsAsync(site, "someone-else", "别人的文章");
        var author = await UserAsync(site, "author1", "ArticleAuthor");

        // Finds the content list in the menu (per-type permission only), and creates and edits their own article.
        Assert.Contains("href=\"/admin/content\"", await author.GetStringAsync("/admin/content"));
        var created = await TestSite.PostFormAsync(author, "/admin/content/new?type=Article", "/admin/content/save", ArticleForm("我的文章", "save"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var ownId = created.Headers.Location!.OriginalString.Split('/')[3];
        Assert.Equal(HttpStatusCode.OK, (await author.GetAsync($"/admin/content/{ownId}/edit")).StatusCode);
        var edited = await TestSite.PostFormAsync(author, $"/admin/content/{ownId}/edit", "/admin/content/save", ArticleForm("我的文章（改）", "save", ownId));
        Assert.Equal($"/admin/content/{ownId}/edit", edited.Headers.Location!.OriginalString);
        var own = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(ownId, ContentStatus.Latest));
        Assert.Equal("我的文章（改）", own!.Title);
        Assert.Equal("author1", own.Owner);

        // Another user's article: 403 (the admin's denied page) for viewing and for saving.
        var view = await author.GetAsync($"/admin/content/{othersId}/edit");
        Assert.Equal("/admin/denied", view.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await author.GetAsync("/admin/denied")).StatusCode);
        var overwrite = await TestSite.PostFormAsync(author, $"/admin/content/{ownId}/edit", "/admin/content/save", ArticleForm("篡改", "save", othersId));
        Assert.Equal("/admin/denied", overwrite.Headers.Location!.OriginalString);
        Assert.Equal("别人的文章", (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(othersId, ContentStatus.Latest)))!.Title);

        // Cannot publish, not even their own.
        var publish = await TestSite.PostFormAsync(author, $"/admin/content/{ownId}/edit", "/admin/content/save", ArticleForm("我的文章", "publish", ownId));
        var bulk = await TestSite.PostFormAsync(author, "/admin/content", "/admin/content/bulk", new() { ["action"] = "publish", ["ids"] = ownId });
        Assert.Equal("/admin/denied", publish.Headers.Location!.OriginalString);
        Assert.Equal("/admin/denied", bulk.Headers.Location!.OriginalString);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"));

        // Nor delete (no delete permission at all), nor a Page (no permission for that type).
        var delete = await TestSite.PostFormAsync(author, "/admin/content", "/admin/content/bulk", new() { ["action"] = "delete", ["ids"] = ownId });
        Assert.Equal("/admin/denied", delete.Headers.Location!.OriginalString);
        Assert.Equal("/admin/denied", (await author.GetAsync("/admin/content/new?type=Page")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_user_without_any_content_permission_neither_sees_nor_opens_the_content_list()
    {
        await using var site = await SiteAsync();
        var user = await UserAsync(site, "viewer1", "AdminOnly");

        var dashboard = await user.GetStringAsync("/admin");
        Assert.Contains("id=\"admin-menu\"", dashboard);
        Assert.DoesNotContain("href=\"/admin/content\"", dashboard);
        Assert.Equal("/admin/denied", (await user.GetAsync("/admin/content")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_api_applies_edit_own_per_type_with_403_for_someone_elses_item()
    {
        await using var site = await SiteAsync();
        var othersId = await SaveAsAsync(site, "someone-else", "别人的文章");
        var api = await site.CreateApiClientAsync("ArticleAuthor");
        var body = new JsonObject
        {
            ["ContentType"] = "Article",
            ["Owner"] = "someone-else", // ignored: "edit own" creates only as oneself
            ["TitlePart"] = new JsonObject { ["Title"] = "接口文章" },
            ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>x</p>" },
            ["Article"] = new JsonObject { ["ReadingMinutes"] = new JsonObject { ["Value"] = 2 } },
        };

        var created = await api.PostAsJsonAsync("/api/content", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ownId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["ContentItemId"]!.GetValue<string>();
        Assert.NotEqual("someone-else", (await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().GetAsync(ownId, ContentStatus.Latest)))!.Owner);
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/content/{ownId}", body)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsJsonAsync($"/api/content/{othersId}", body)).StatusCode);
        var publish = (JsonObject)body.DeepClone();
        publish["Published"] = true;
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutAsJsonAsync($"/api/content/{ownId}", publish)).StatusCode);
        var page = new JsonObject { ["ContentType"] = "Page", ["TitlePart"] = new JsonObject { ["Title"] = "页面" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsJsonAsync("/api/content", page)).StatusCode);
    }

    [Fact]
    public async Task Publish_article_does_not_cover_a_page()
    {
        await using var site = await SiteAsync();
        var article = await SaveAsAsync(site, "admin", "文章");
        var pageId = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<ContentManager>().SaveAsync(
            new Lianjie.Contents.Items.ContentItem { ContentType = "Page", Title = "关于我们" }, false, "admin")).Item!.ContentItemId!);
        var publisher = await UserAsync(site, "publisher1", "ArticlePublisher");

        var pagePublish = await TestSite.PostFormAsync(publisher, "/admin/content", $"/admin/content/{pageId}/publish", []);
        Assert.Equal("/admin/denied", pagePublish.Headers.Location!.OriginalString);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"));

        await TestSite.PostFormAsync(publisher, "/admin/content", $"/admin/content/{article}/publish", []);
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE AND \"ContentItemId\" = '{article}'"));

        // It edits all articles (the admin's article), but publishing a page from the editor is refused too.
        Assert.Equal(HttpStatusCode.OK, (await publisher.GetAsync($"/admin/content/{article}/edit")).StatusCode);
        var editorPublish = await TestSite.PostFormAsync(publisher, $"/admin/content/{pageId}/edit", "/admin/content/save", new()
        {
            ["ContentItemId"] = pageId,
            ["ContentType"] = "Page",
            ["TitlePart.Title"] = "关于我们",
            ["submit"] = "publish",
        });
        Assert.Equal("/admin/denied", editorPublish.Headers.Location!.OriginalString);
        Assert.Equal(0, await site.ScalarAsync($"SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE AND \"ContentItemId\" = '{pageId}'"));
    }
}
