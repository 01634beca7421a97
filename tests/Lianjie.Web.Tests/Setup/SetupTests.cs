using System.Net;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;

namespace Lianjie.Web.Tests.Setup;

public class SetupTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Setup_form_creates_the_site_then_admin_needs_login(string provider)
    {
        await using var site = await TestSite.CreateAsync(provider);
        var client = site.CreateClient();

        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        var home = await client.GetAsync("/admin");
        Assert.Equal("/setup", home.Headers.Location?.OriginalString);

        var fields = new Dictionary<string, string>
        {
            ["siteName"] = "康宁诊所",
            ["timeZone"] = "Asia/Shanghai",
            ["recipe"] = "clinic",
            ["adminUser"] = "admin",
            ["password"] = TestSite.AdminPassword,
        };
        if (site.Database.Settings is { } db)
        {
            fields["dbProvider"] = "postgres";
            fields["dbConnection"] = db.ConnectionString;
        }

        var response = await TestSite.PostFormAsync(client, "/setup", "/setup", fields);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var admin = await client.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/login", admin.Headers.Location?.PathAndQuery ?? admin.Headers.Location?.OriginalString);

        var signedIn = await site.LoginAsync();
        var dashboard = await signedIn.GetStringAsync("/admin");
        Assert.Contains("康宁诊所", dashboard);
        Assert.Contains("仪表盘", dashboard);
    }

    [Fact]
    public async Task A_weak_password_is_refused_and_nothing_is_set_up()
    {
        await using var site = await TestSite.CreateAsync();
        var client = site.CreateClient();

        var response = await TestSite.PostFormAsync(client, "/setup", "/setup", new()
        {
            ["siteName"] = "S",
            ["recipe"] = "blank",
            ["adminUser"] = "admin",
            ["password"] = "short",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 8 characters", await response.Content.ReadAsStringAsync());
        Assert.False(site.ShellHost.IsSetUp);
        Assert.False(File.Exists(Path.Combine(site.DataDirectory, "site.json")));
    }

    [Fact]
    public async Task Setup_without_antiforgery_token_is_rejected()
    {
        await using var site = await TestSite.CreateAsync();
        var client = site.CreateClient();

        var response = await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string> { ["siteName"] = "S", ["adminUser"] = "a", ["password"] = TestSite.AdminPassword, ["recipe"] = "blank" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(site.ShellHost.IsSetUp);
    }

    [Fact]
    public async Task Setup_runs_once_and_the_site_survives_a_restart()
    {
        await using var site = await TestSite.SetUpAsync();

        await Assert.ThrowsAsync<Lianjie.Web.Setup.SetupException>(() => site.RunSetupAsync("blank"));

        await site.RestartAsync();
        Assert.True(site.ShellHost.IsSetUp);
        var client = await site.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_setup_recipe_is_reported()
    {
        await using var site = await TestSite.CreateAsync();

        var error = await Assert.ThrowsAsync<Lianjie.Web.Setup.SetupException>(() => site.RunSetupAsync("no-such-recipe"));

        Assert.Contains("no-such-recipe", error.Message);
        Assert.Contains("clinic", error.Message);
    }
}
