using Lianjie.Core.Followers;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Followers.Tests.Services;

public class FollowerDirectoryTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Concurrent_first_events_for_one_openid_create_one_follower(string provider)
    {
        await using var site = await TestSite.SetUpAsync(provider);
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey("wxapp", "oRace"), true);
        }));

        Assert.Single(results.Select(r => r!.Follower.Id).Distinct());
        Assert.Equal(1, results.Count(r => r!.Created));
        Assert.Equal(1, await site.ScalarAsync("SELECT COUNT(*) FROM \"Followers\""));
    }

    [Fact]
    public async Task The_same_openid_in_two_accounts_is_two_followers_linked_by_unionid()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var directory = scope.ServiceProvider.GetRequiredService<IFollowerDirectory>();

        var service = await directory.ResolveAsync(new FollowerKey("wxService", "oSame", "uPerson"), true);
        var subscription = await directory.ResolveAsync(new FollowerKey("wxSubscription", "oSame"), true);
        var byUnion = await directory.ResolveAsync(new FollowerKey(null, null, "uPerson"), false);

        Assert.NotEqual(service!.Follower.Id, subscription!.Follower.Id);
        Assert.Equal(service.Follower.Id, byUnion!.Follower.Id);
        Assert.Null(await directory.ResolveAsync(new FollowerKey("wxService", "oUnknown"), false));
    }

    [Fact]
    public async Task The_latest_consent_decision_counts()
    {
        await using var site = await TestSite.SetUpAsync();
        await site.ShellHost.EnableAsync(["Lianjie.Followers"]);
        await using var scope = site.ShellHost.Current!.Services.CreateAsyncScope();
        var id = (await scope.ServiceProvider.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey("wx", "oConsent"), true))!.Follower.Id;
        var consent = scope.ServiceProvider.GetRequiredService<IConsentRegistry>();

        Assert.False(await consent.HasConsentAsync(id, ConsentPurposes.HealthInformation));
        await consent.RecordAsync(id, ConsentPurposes.HealthInformation, true, "h5-form");
        Assert.True(await consent.HasConsentAsync(id, ConsentPurposes.HealthInformation));
        Assert.False(await consent.HasConsentAsync(id, ConsentPurposes.Marketing));
        await consent.RecordAsync(id, ConsentPurposes.HealthInformation, false, "admin");
        Assert.False(await consent.HasConsentAsync(id, ConsentPurposes.HealthInformation));
        await Assert.ThrowsAsync<ArgumentException>(() => consent.RecordAsync(id, "spam", true, "x"));
    }
}
