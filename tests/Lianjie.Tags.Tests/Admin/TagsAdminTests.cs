using System.Net;
using Lianjie.Testing;

namespace Lianjie.Tags.Tests.Admin;

public class TagsAdminTests
{
    [Fact]
    public async Task Admin_pages_create_tag_follower_and_confirm_a_delete_with_its_count()
    {
        await using var site = await TagsSite.SetUpAsync("sqlite");
        var id = await site.FollowerAsync("oA");
        var client = await site.LoginAsync();

        var group = await TestSite.PostFormAsync(client, "/admin/tags", "/admin/tags/groups", new() { ["name"] = "身份", ["exclusive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, group.StatusCode);
        await TestSite.PostFormAsync(client, "/admin/tags", "/admin/tags", new() { ["name"] = "家属", ["group"] = "身份", ["color"] = "#16a085" });
        var applied = await TestSite.PostFormAsync(client, "/admin/tags", $"/admin/followers/{id}/tags", new() { ["tag"] = "家属", ["returnUrl"] = "/admin/tags" });
        Assert.Equal(HttpStatusCode.Redirect, applied.StatusCode);
        Assert.Equal("家属", await site.HeldAsync(id));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"AuditEntries\" WHERE \"Action\" = 'tags.applied'"));

        var list = await client.GetStringAsync("/admin/tags?q=家");
        Assert.Contains("data-tag=\"家属\"", list);
        Assert.Contains("<td class=\"followers\">1</td>", list);

        var tagId = await site.ScalarAsync("SELECT \"Id\" FROM \"Tags\" WHERE \"Name\" = '家属'");
        var confirm = await client.GetStringAsync($"/admin/tags/{tagId}/delete");
        Assert.Contains("<strong id=\"affected\">1</strong>", confirm);
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\""));

        var deleted = await TestSite.PostFormAsync(client, $"/admin/tags/{tagId}/delete", $"/admin/tags/{tagId}/delete", []);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await site.ScalarAsync("SELECT COUNT(*) FROM \"Tags\""));
        Assert.Equal(string.Empty, await site.HeldAsync(id));

        var jobs = await client.GetStringAsync("/admin/tags/jobs");
        Assert.Contains("name=\"filterTags\"", jobs);
    }
}
