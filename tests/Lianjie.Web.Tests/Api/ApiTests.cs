using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lianjie.Core.Security;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Web.Tests.Api;

public class ApiTests
{
    private static async Task<string> CreateKeyAsync(TestSite site, string role = CorePermissions.AdministratorRole)
    {
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IApiKeyIssuer>().CreateAsync("test", role, "test")).Key;
    }

    [Fact]
    public async Task No_key_bad_key_and_revoked_key_get_401_problems()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = site.CreateClient();

        var none = await client.GetAsync("/api/features");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, (await none.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<int>());

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "lj_deadbeef_nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/features")).StatusCode);

        var key = await CreateKeyAsync(site);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var ok = await client.GetFromJsonAsync<JsonArray>("/api/features");
        Assert.Contains(ok!, f => f!["id"]!.GetValue<string>() == "Lianjie.Users" && f["enabled"]!.GetValue<bool>());

        var admin = await site.LoginAsync();
        var keysPage = await admin.GetStringAsync("/admin/apikeys");
        var id = System.Text.RegularExpressions.Regex.Match(keysPage, "/admin/apikeys/(\\d+)/revoke").Groups[1].Value;
        await TestSite.PostFormAsync(admin, "/admin/apikeys", $"/admin/apikeys/{id}/revoke", []);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/features")).StatusCode);
    }

    [Fact]
    public async Task A_key_whose_role_lacks_the_permission_gets_403()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateKeyAsync(site, "Editor"));

        var response = await client.GetAsync("/api/features");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_cookie_session_does_not_open_the_api()
    {
        await using var site = await TestSite.SetUpAsync();
        var admin = await site.LoginAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/features")).StatusCode);
    }

    [Fact]
    public async Task The_admin_shows_a_new_key_once()
    {
        await using var site = await TestSite.SetUpAsync();
        var admin = await site.LoginAsync();

        var created = await TestSite.PostFormAsync(admin, "/admin/apikeys", "/admin/apikeys", new() { ["name"] = "shop", ["role"] = "Administrator" });
        var html = await created.Content.ReadAsStringAsync();
        var key = System.Text.RegularExpressions.Regex.Match(html, "id=\"new-api-key\">(lj_[^<]+)<").Groups[1].Value;

        Assert.StartsWith("lj_", key);
        Assert.DoesNotContain(key, await admin.GetStringAsync("/admin/apikeys"));
        var client = site.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/features")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_follows_the_enabled_features()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = site.CreateClient();

        var document = await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json");

        Assert.Equal("3.1.0", document!["openapi"]!.GetValue<string>());
        var operation = document["paths"]!["/api/features"]!["get"]!;
        Assert.Equal("ListFeatures", operation["operationId"]!.GetValue<string>());
        Assert.NotNull(operation["responses"]!["200"]!["content"]);
        Assert.NotNull(operation["responses"]!["401"]);
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var reference = await client.GetStringAsync("/api-docs");
        Assert.Contains("/TheAdmin/lib/swagger-ui/swagger-ui-bundle.js", reference);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/TheAdmin/lib/swagger-ui/swagger-ui-bundle.js")).StatusCode);
    }
}
