using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Followers.Reactors;
using Lianjie.Testing;

namespace Lianjie.Followers.Tests.Api;

public class EventsEndpointsTests
{
    private static async Task<TestSite> SiteAsync(string provider = "sqlite")
    {
        var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        return site;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_duplicate_event_posted_twice_is_one_ledger_row(string provider)
    {
        await using var site = await SiteAsync(provider);
        var api = await site.CreateApiClientAsync();
        var purchase = new { type = "commerce.purchase", openId = "oNew1", subject = "sku-42", payload = new { amount = 128.5, currency = "CNY" }, dedupeKey = "order-1001" };

        var first = await api.PostAsJsonAsync("/api/events", purchase);
        var second = await api.PostAsJsonAsync("/api/events", purchase);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonObject>();
        var b = await second.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(a!["position"]!.GetValue<long>(), b!["position"]!.GetValue<long>());
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\" WHERE \"OpenId\" = 'oNew1'"));

        await site.CatchUpAsync(FollowerProjectionReactor.ReactorName);
        Assert.Equal(1, await site.ScalarAsync("SELECT \"Purchases\" FROM \"Followers\" WHERE \"OpenId\" = 'oNew1'"));
        Assert.Equal(1285, await site.ScalarAsync("SELECT CAST(\"PurchaseAmount\" * 10 AS INTEGER) FROM \"Followers\" WHERE \"OpenId\" = 'oNew1'"));
    }

    [Fact]
    public async Task The_timeline_lists_a_followers_events_newest_first_with_paging()
    {
        await using var site = await SiteAsync();
        var api = await site.CreateApiClientAsync();
        for (var i = 0; i < 5; i++)
        {
            await api.PostAsJsonAsync("/api/events", new { type = i % 2 == 0 ? "content.read" : "content.view", openId = "oTimeline", subject = "article-" + i });
        }

        await api.PostAsJsonAsync("/api/events", new { type = "content.read", openId = "oSomeoneElse" });

        var page = await api.GetFromJsonAsync<JsonObject>("/api/events?openId=oTimeline&type=content.read&skip=1&take=1");

        Assert.Equal(3, page!["total"]!.GetValue<int>());
        var only = Assert.Single(page["items"]!.AsArray());
        Assert.Equal("article-2", only!["subject"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/events?openId=oNobody")).StatusCode);
    }

    [Theory]
    [InlineData("""{ "openId": "o1" }""", "type")]
    [InlineData("""{ "type": "Purchase!", "openId": "o1" }""", "type")]
    [InlineData("""{ "type": "content.read" }""", "openId")]
    [InlineData("""{ "type": "commerce.purchase", "openId": "o1", "payload": { "currency": "CNY" } }""", "amount")]
    [InlineData("""{ "type": "content.read", "openId": "has space" }""", "openId")]
    public async Task Bad_events_get_a_400_problem_naming_the_field(string body, string field)
    {
        await using var site = await SiteAsync();
        var api = await site.CreateApiClientAsync();

        var response = await api.PostAsync("/api/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"LedgerEvents\""));
    }

    [Fact]
    public async Task Disabling_followers_removes_the_events_api()
    {
        await using var site = await SiteAsync();
        var api = await site.CreateApiClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync("/api/events", new { type = "content.read", openId = "o1" })).StatusCode);

        await site.ShellHost.DisableAsync(["Lianjie.Followers"]);

        Assert.Equal(HttpStatusCode.NotFound, (await api.PostAsJsonAsync("/api/events", new { type = "content.read", openId = "o1" })).StatusCode);
    }
}
