using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Core.Security;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Api;

public class ContentApiTests
{
    private static async Task<HttpClient> ApiClientAsync(TestSite site, string role = CorePermissions.AdministratorRole)
    {
        var key = await site.WithScopeAsync(async sp => (await sp.GetRequiredService<IApiKeyIssuer>().CreateAsync("test", role, "test")).Key);
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static JsonObject Article(string title, bool published) => new()
    {
        ["ContentType"] = "Article",
        ["Published"] = published,
        ["TitlePart"] = new JsonObject { ["Title"] = title },
        ["HtmlBodyPart"] = new JsonObject { ["Html"] = "<p>正文</p><script>steal()</script>" },
        ["InterestTagsPart"] = new JsonObject { ["Tags"] = new JsonArray("肝病", "饮食") },
        ["Article"] = new JsonObject { ["ReadingMinutes"] = new JsonObject { ["Value"] = 4 } },
        ["CustomPart"] = new JsonObject { ["Kept"] = "yes" },
    };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Create_get_list_and_update_round_trip_in_orchard_shape(string provider)
    {
        await using var site = await ContentsSite.SetUpAsync(provider);
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var api = await ApiClientAsync(site);

        var created = await api.PostAsJsonAsync("/api/content", Article("脂肪肝怎么吃", published: true));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = item["ContentItemId"]!.GetValue<string>();
        Assert.Equal($"/api/content/{id}", created.Headers.Location!.OriginalString);
        Assert.DoesNotContain("script", item["HtmlBodyPart"]!["Html"]!.GetValue<string>());
        Assert.Equal("脂肪肝怎么吃", item["AutoroutePart"]!["Path"]!.GetValue<string>());

        var fetched = (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!;
        Assert.Equal("yes", fetched["CustomPart"]!["Kept"]!.GetValue<string>());
        Assert.True(fetched["Published"]!.GetValue<bool>());

        var list = (await api.GetFromJsonAsync<JsonObject>("/api/content?type=Article&q=脂肪肝&take=5"))!;
        Assert.Equal(1, list["total"]!.GetValue<int>());
        Assert.Equal(id, list["items"]![0]!["ContentItemId"]!.GetValue<string>());

        var draftEdit = Article("脂肪肝怎么吃（修订）", published: false);
        var updated = await api.PutAsJsonAsync($"/api/content/{id}", draftEdit);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("脂肪肝怎么吃", (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}"))!["DisplayText"]!.GetValue<string>());
        Assert.Equal("脂肪肝怎么吃（修订）", (await api.GetFromJsonAsync<JsonObject>($"/api/content/{id}?status=latest"))!["DisplayText"]!.GetValue<string>());
        Assert.Equal(1, (await api.GetFromJsonAsync<JsonObject>("/api/content?status=draft"))!["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/content/nope")).StatusCode);
    }

    [Fact]
    public async Task Invalid_items_get_a_validation_problem_and_nothing_is_stored()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var api = await ApiClientAsync(site);
        var article = Article("缺少字段", published: false);
        article["Article"] = new JsonObject();

        var response = await api.PostAsJsonAsync("/api/content", article);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Article.ReadingMinutes", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\""));
    }

    [Fact]
    public async Task Publishing_without_the_permission_is_refused_but_drafts_are_allowed()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(
            ContentsSite.ArticleDefinitionStep(),
            JsonNode.Parse("""{ "name": "Roles", "Roles": [ { "Name": "Writer", "Permissions": ["AccessApi", "EditContent"] } ] }""")!.AsObject());
        var writer = await ApiClientAsync(site, "Writer");

        var publish = await writer.PostAsJsonAsync("/api/content", Article("想发布", published: true));
        var draft = await writer.PostAsJsonAsync("/api/content", Article("草稿", published: false));

        Assert.Equal(HttpStatusCode.Forbidden, publish.StatusCode);
        Assert.Equal(HttpStatusCode.Created, draft.StatusCode);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"ContentItems\" WHERE \"Published\" = TRUE"));
        Assert.Equal(0, (await writer.GetFromJsonAsync<JsonObject>("/api/content"))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_per_type_publish_permission_covers_only_that_type()
    {
        await using var site = await ContentsSite.SetUpAsync();
        var notice = JsonNode.Parse("""{ "Name": "Notice", "ContentTypePartDefinitionRecords": [ { "PartName": "TitlePart", "Name": "TitlePart" } ] }""")!;
        var definitions = ContentsSite.ArticleDefinitionStep();
        definitions["ContentTypes"]!.AsArray().Add(notice);
        await site.ImportStepsAsync(
            definitions,
            JsonNode.Parse("""{ "name": "Roles", "Roles": [ { "Name": "ArticleEditor", "Permissions": ["AccessApi", "EditContent", "PublishContent.Article"] } ] }""")!.AsObject());
        var editor = await ApiClientAsync(site, "ArticleEditor");

        var article = await editor.PostAsJsonAsync("/api/content", Article("可以发布", published: true));
        var other = await editor.PostAsJsonAsync("/api/content", new JsonObject { ["ContentType"] = "Notice", ["Published"] = true, ["TitlePart"] = new JsonObject { ["Title"] = "通知" } });

        Assert.Equal(HttpStatusCode.Created, article.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Drafts_are_hidden_from_keys_without_edit_permission()
    {
        await using var site = await ContentsSite.SetUpAsync();
        await site.ImportStepsAsync(
            ContentsSite.ArticleDefinitionStep(),
            JsonNode.Parse("""{ "name": "Roles", "Roles": [ { "Name": "Reader", "Permissions": ["AccessApi"] } ] }""")!.AsObject());
        var reader = await ApiClientAsync(site, "Reader");

        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/content?status=latest")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/content")).StatusCode);
    }

    [Fact]
    public async Task The_api_is_described_in_openapi()
    {
        await using var site = await ContentsSite.SetUpAsync();

        var document = await site.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/content/{contentItemId}\"", document);
        Assert.Contains("ListContent", document);
        Assert.Contains("UpdateContent", document);
    }
}
