using System.Net;
using Lianjie.Testing;
using Lianjie.Web.Tests.Infrastructure;

namespace Lianjie.Web.Tests.Features;

public class FeatureTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Enabling_a_feature_brings_its_routes_menu_and_dependencies_and_disabling_removes_them(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        var client = await site.LoginAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/alpha")).StatusCode);

        var enabled = await TestSite.PostFormAsync(client, "/admin/features", "/admin/features/Test.Beta/enable", []);
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);

        Assert.Equal("beta", await client.GetStringAsync("/beta"));
        Assert.Equal("alpha", await client.GetStringAsync("/alpha"));
        Assert.Contains("Alpha page", await client.GetStringAsync("/admin"));

        var refused = await TestSite.PostFormAsync(client, "/admin/features", "/admin/features/Test.Alpha/disable", []);
        var location = Uri.UnescapeDataString(refused.Headers.Location!.OriginalString);
        Assert.Contains("Cannot disable 'Test.Alpha'", location);
        Assert.Contains("Test.Beta", location);
        Assert.Equal("alpha", await client.GetStringAsync("/alpha"));

        await TestSite.PostFormAsync(client, "/admin/features", "/admin/features/Test.Beta/disable", []);
        await TestSite.PostFormAsync(client, "/admin/features", "/admin/features/Test.Alpha/disable", []);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/alpha")).StatusCode);
        Assert.DoesNotContain("Alpha page", await client.GetStringAsync("/admin"));

        Assert.Contains("feature.disable", await client.GetStringAsync("/admin/audit"));
    }

    [Fact]
    public async Task Enabled_features_survive_a_restart()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Test.Alpha"]);

        await site.RestartAsync();

        Assert.True(site.ShellHost.Current!.IsEnabled("Test.Alpha"));
        Assert.Equal("alpha", await site.CreateClient().GetStringAsync("/alpha"));
    }

    [Fact]
    public async Task Requests_running_during_a_shell_swap_finish_on_the_old_shell()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Test.Alpha"]);
        var client = site.CreateClient();
        var old = site.ShellHost.Current!;

        var slow = client.GetStringAsync("/alpha/slow?ms=1500");
        await Task.Delay(300);
        await site.ShellHost.EnableAsync(["Test.Beta"]);

        Assert.Equal("alpha-slow", await slow);
        Assert.NotSame(old, site.ShellHost.Current);
        Assert.True(old.IsRetired);
        Assert.Equal(0, old.ActiveRequests);
    }

    [Fact]
    public async Task Background_services_stop_with_their_shell_and_start_with_the_new_one()
    {
        await using var site = await TestSite.SetUpAsync();
        var before = Volatile.Read(ref AlphaStartup.BackgroundRuns);

        await site.ShellHost.EnableAsync(["Test.Alpha"]);
        await site.ShellHost.EnableAsync(["Test.Beta"]);
        await Task.Delay(200);

        Assert.True(Volatile.Read(ref AlphaStartup.BackgroundRuns) - before >= 2);
    }

    [Fact]
    public async Task Unknown_and_always_enabled_features_are_refused_with_a_message()
    {
        await using var site = await TestSite.SetUpAsync();

        var unknown = await Assert.ThrowsAsync<Lianjie.Core.Modules.UnknownFeatureException>(() => site.ShellHost.EnableAsync(["No.Such.Feature"]));
        Assert.Contains("No.Such.Feature", unknown.Message);
        var core = await Assert.ThrowsAsync<Lianjie.Core.Modules.FeatureInUseException>(() => site.ShellHost.DisableAsync(["Lianjie.Users"]));
        Assert.Contains("Lianjie.Users", core.Message);
    }
}
