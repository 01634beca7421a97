using System.Net;
using Lianjie.Followers.Tests.Infrastructure;
using Lianjie.Testing;
using Lianjie.Users.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Admin;

public class FollowersAdminTests
{
    private static async Task<(TestSite Site, long Id)> SiteWithFollowerAsync(params string[] features)
    {
        var site = await FollowerSites.SiteAsync("sqlite", features);
        var api = await site.CreateApiClientAsync();
        var id = await FollowerSites.FollowerAsync(api, "oMask");
        await api.PatchAsync($"/api/followers/{id}", System.Net.Http.Json.JsonContent.Create(new { phone = "13812345678", city = "杭州" }));
        await site.ScalarAsync($"UPDATE \"Followers\" SET \"Nickname\" = '张三丰' WHERE \"Id\" = {id}");
        await site.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<RoleService>().UpsertAsync("Marketer", null, ["AccessAdminPanel", "ViewFollowers"]);
            await sp.GetRequiredService<UserService>().CreateAsync("marketer", TestSite.AdminPassword, null, ["Marketer"]);
            return 0;
        });
        return (site, id);
    }

    [Fact]
    public async Task A_role_without_ViewPersonalData_sees_masked_phone_and_name_and_an_admin_sees_them_whole()
    {
        var (site, id) = await SiteWithFollowerAsync();
        await using var _ = site;
        var marketer = await site.LoginAsync("marketer");
        var admin = await site.LoginAsync();

        var maskedList = await marketer.GetStringAsync("/admin/followers");
        var maskedPage = await marketer.GetStringAsync($"/admin/followers/{id}");
        var fullList = await admin.GetStringAsync("/admin/followers");

        Assert.Contains("138****5678", maskedList);
        Assert.Contains("张**", maskedList);
        Assert.DoesNotContain("13812345678", maskedList);
        Assert.DoesNotContain("张三丰", maskedList);
        Assert.DoesNotContain("13812345678", maskedPage);
        Assert.Contains("13812345678", fullList);
        Assert.Contains("张三丰", fullList);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.view'"));
        Assert.Equal(HttpStatusCode.Redirect, (await marketer.GetAsync($"/admin/followers/{id}/erase")).StatusCode);
    }

    [Fact]
    public async Task Reading_a_follower_page_with_personal_data_is_audited_and_shows_tags_with_their_origin()
    {
        var (site, id) = await SiteWithFollowerAsync(FakeTagsManifest.Id);
        await using var _ = site;
        var admin = await site.LoginAsync();

        var page = await admin.GetStringAsync($"/admin/followers/{id}");

        Assert.Contains("13812345678", page);
        Assert.Contains("rule-kidney-3-reads", page); // who applied the tag, from IFollowerTagService.GetAsync
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.view' AND \"Target\" = 'follower:{id}'"));
    }

    [Fact]
    public async Task The_list_searches_filters_sorts_and_remembers_columns()
    {
        var (site, id) = await SiteWithFollowerAsync();
        await using var _ = site;
        var admin = await site.LoginAsync();
        await FollowerSites.FollowerAsync(await site.CreateApiClientAsync(), "oOther");
        await site.CatchUpAllAsync();

        var found = await admin.GetStringAsync("/admin/followers?q=" + Uri.EscapeDataString("杭州"));
        var unsubscribed = await admin.GetStringAsync("/admin/followers?subscribed=no");
        var columns = await admin.GetAsync("/admin/followers/columns?col=openid&col=city&back=/admin/followers");
        var narrow = await admin.GetStringAsync("/admin/followers?sort=nickname");

        Assert.Contains("oMask", found);
        Assert.DoesNotContain("oOther", found);
        Assert.DoesNotContain("oMask", unsubscribed);
        Assert.Equal(HttpStatusCode.Redirect, columns.StatusCode);
        Assert.Contains("杭州", narrow);
        Assert.DoesNotContain("13812345678", narrow); // the phone column was deselected
    }

    [Fact]
    public async Task Erasure_needs_the_confirmation_page_and_the_typed_id()
    {
        var (site, id) = await SiteWithFollowerAsync();
        await using var _ = site;
        var admin = await site.LoginAsync();

        var wrong = await TestSite.PostFormAsync(admin, $"/admin/followers/{id}/erase", $"/admin/followers/{id}/erase", new() { ["confirm"] = "nope" });
        Assert.Null(await site.TextAsync($"SELECT \"ErasedUtc\" FROM \"Followers\" WHERE \"Id\" = {id}"));

        var right = await TestSite.PostFormAsync(admin, $"/admin/followers/{id}/erase", $"/admin/followers/{id}/erase", new() { ["confirm"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.NotNull(await site.TextAsync($"SELECT \"ErasedUtc\" FROM \"Followers\" WHERE \"Id\" = {id}"));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.erase'"));
    }

    [Fact]
    public async Task Consent_and_the_automation_opt_out_are_recorded_and_audited()
    {
        var (site, id) = await SiteWithFollowerAsync();
        await using var _ = site;
        var admin = await site.LoginAsync();

        await TestSite.PostFormAsync(admin, $"/admin/followers/{id}", $"/admin/followers/{id}/consent", new() { ["purpose"] = "health", ["granted"] = "true" });
        await TestSite.PostFormAsync(admin, $"/admin/followers/{id}", $"/admin/followers/{id}/automation", new() { ["optOut"] = "true" });

        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"FollowerConsents\" WHERE \"FollowerId\" = {id} AND \"Purpose\" = 'health'"));
        Assert.Equal(1, await site.ScalarAsync($"SELECT COUNT(*) FROM \"Followers\" WHERE \"Id\" = {id} AND \"AutomationOptOut\" = 1"));
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" IN ('followers.consent', 'followers.automation')"));
    }

    [Fact]
    public async Task The_list_export_neutralises_formulas_and_is_audited()
    {
        var (site, id) = await SiteWithFollowerAsync();
        await using var _ = site;
        await site.ScalarAsync($"UPDATE \"Followers\" SET \"Nickname\" = '=HYPERLINK(\"http://evil\")' WHERE \"Id\" = {id}");
        var admin = await site.LoginAsync();

        var csv = await admin.GetStringAsync("/admin/followers/export?format=csv");
        var xlsx = await admin.GetAsync("/admin/followers/export?format=xlsx");

        Assert.Contains("'=HYPERLINK", csv);
        Assert.DoesNotContain(",=HYPERLINK", csv);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString((await xlsx.Content.ReadAsByteArrayAsync())[..2]));
        Assert.Equal(2, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'followers.export'"));
    }
}
