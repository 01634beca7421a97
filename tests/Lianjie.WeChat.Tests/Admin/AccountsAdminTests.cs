using System.Net;
using Lianjie.Testing;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Tests.Admin;

public class AccountsAdminTests
{
    private const string Secret = "adminSecretValue0000000000009f3e";

    [Fact]
    public async Task Secrets_are_shown_masked_after_saving_and_kept_when_left_blank()
    {
        await using var site = await WeChatSite.StartAsync();
        var admin = await site.LoginAsync();

        var created = await TestSite.PostFormAsync(admin, "/admin/wechat/accounts/new", "/admin/wechat/accounts", new()
        {
            ["isNew"] = "true",
            ["appId"] = "wxadmin0000000001",
            ["name"] = "门诊公众号",
            ["appSecret"] = Secret,
            ["token"] = "adminToken9",
            ["messageMode"] = "Plain",
        });
        var list = await admin.GetStringAsync("/admin/wechat/accounts");
        var edit = await admin.GetStringAsync("/admin/wechat/accounts/wxadmin0000000001");
        var renamed = await TestSite.PostFormAsync(admin, "/admin/wechat/accounts/wxadmin0000000001", "/admin/wechat/accounts", new()
        {
            ["isNew"] = "false",
            ["appId"] = "wxadmin0000000001",
            ["name"] = "康宁门诊",
            ["appSecret"] = string.Empty,
            ["token"] = "adminToken9",
            ["messageMode"] = "Plain",
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        Assert.Contains("••••••••9f3e", list, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, edit, StringComparison.Ordinal);
        var keys = await site.InScopeAsync(sp => sp.GetRequiredService<WeChatAccountService>().GetKeysAsync("wxadmin0000000001"));
        Assert.Equal("康宁门诊", keys!.Name);
        Assert.Equal(Secret, keys.AppSecret);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'wechat.account.create'"));
    }

    [Fact]
    public async Task A_safe_mode_account_without_a_key_is_refused_with_the_form_again()
    {
        await using var site = await WeChatSite.StartAsync();
        var admin = await site.LoginAsync();

        var response = await TestSite.PostFormAsync(admin, "/admin/wechat/accounts/new", "/admin/wechat/accounts", new()
        {
            ["isNew"] = "true",
            ["appId"] = "wxadmin0000000002",
            ["name"] = "x",
            ["appSecret"] = Secret,
            ["token"] = "adminToken9",
            ["messageMode"] = "Safe",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("EncodingAESKey", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, html, StringComparison.Ordinal);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"WeChatAccounts\""));
    }

    [Fact]
    public async Task The_accounts_pages_need_the_permission()
    {
        await using var site = await WeChatSite.StartAsync();

        var anonymous = await site.CreateClient().GetAsync("/admin/wechat/accounts");

        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }
}
