using System.Net;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;

namespace Lianjie.Web.Tests.Users;

public class LoginTests
{
    [Fact]
    public async Task Ten_wrong_passwords_lock_the_account_even_for_the_right_password()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = site.CreateClient();

        var statuses = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await TestSite.PostFormAsync(client, "/login", "/login", new() { ["userName"] = "admin", ["password"] = "wrong-password-" + i });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            statuses.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Contains("用户名或密码错误", statuses[0]);
        Assert.Contains("锁定", statuses[4]);
        var right = await TestSite.PostFormAsync(client, "/login", "/login", new() { ["userName"] = "admin", ["password"] = TestSite.AdminPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("锁定", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_post_without_antiforgery_token_is_rejected_even_when_signed_in()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = await site.LoginAsync();

        var response = await client.PostAsync("/admin/settings", new FormUrlEncodedContent(new Dictionary<string, string> { ["siteName"] = "hacked", ["timeZone"] = "UTC" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("hacked", await client.GetStringAsync("/admin/settings"));
    }

    [Fact]
    public async Task The_login_page_does_not_redirect_off_site()
    {
        await using var site = await TestSite.SetUpAsync();
        var client = site.CreateClient();

        var response = await TestSite.PostFormAsync(client, "/login", "/login", new() { ["userName"] = "admin", ["password"] = TestSite.AdminPassword, ["returnUrl"] = "//evil.example/steal" });

        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_role_without_permission_is_denied_and_granting_it_opens_the_page()
    {
        await using var site = await TestSite.SetUpAsync();
        var admin = await site.LoginAsync();
        var created = await TestSite.PostFormAsync(admin, "/admin/users", "/admin/users", new() { ["userName"] = "mary", ["password"] = "Marketer123", ["roles"] = "Editor" });
        Assert.Equal("/admin/users?message=created", created.Headers.Location?.OriginalString);

        var mary = await site.LoginAsync("mary", "Marketer123");
        Assert.Equal(HttpStatusCode.OK, (await mary.GetAsync("/admin")).StatusCode);
        var denied = await mary.GetAsync("/admin/audit");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/admin/denied", denied.Headers.Location?.PathAndQuery ?? denied.Headers.Location?.OriginalString);

        await TestSite.PostFormAsync(admin, "/admin/roles?edit=Editor", "/admin/roles", new() { ["name"] = "Editor", ["permissions"] = "ViewAuditLog" });

        Assert.Equal(HttpStatusCode.OK, (await mary.GetAsync("/admin/audit")).StatusCode);
        Assert.Contains("user.login", await mary.GetStringAsync("/admin/audit"));
    }
}
