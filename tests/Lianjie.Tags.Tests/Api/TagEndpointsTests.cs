using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Testing;

namespace Lianjie.Tags.Tests.Api;

public class TagEndpointsTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Applying_answers_201_then_200_and_refusals_are_409_problems(string provider)
    {
        await using var site = await TagsSite.SetUpAsync(provider);
        var id = await site.FollowerAsync("oA");
        var client = await site.CreateApiClientAsync();

        var created = await client.PostAsJsonAsync("/api/tags", new { name = "活跃", expiryDays = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/tags", new { name = "活跃" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/tags", new { name = "a|b" })).StatusCode);
        await client.PostAsJsonAsync("/api/tags", new { name = "肾病关注", sensitive = true });

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"/api/followers/{id}/tags", new { tag = "活跃" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/followers/{id}/tags", new { tag = "活跃" })).StatusCode);
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/followers/{id}/tags", new { tag = "肾病关注" }), "RefusedNoConsent");
        await AssertProblemAsync(await client.PostAsJsonAsync($"/api/followers/{id}/tags", new { tag = "没有" }), "UnknownTag");
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/api/followers/999999/tags", new { tag = "活跃" })).StatusCode);

        var list = JsonNode.Parse(await client.GetStringAsync("/api/tags"))!;
        Assert.Equal(1, (int)list["tags"]!.AsArray().Single(t => (string?)t!["name"] == "活跃")!["followers"]!);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/api/followers/{id}/tags/{Uri.EscapeDataString("活跃")}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/followers/{id}/tags/{Uri.EscapeDataString("活跃")}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.CreateClient().GetAsync("/api/tags")).StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, string status)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, (string?)problem["tagStatus"]);
    }
}
