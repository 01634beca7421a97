using System.Net;
using System.Text;
using Lianjie.Contents.Services;
using Lianjie.Contents.Tests.Infrastructure;
using Lianjie.Contents.Tracking;
using Lianjie.Core.Ledger;
using Lianjie.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Contents.Tests.Tracking;

public class BeaconTests
{
    private static async Task<(TestSite Site, string ContentItemId, string Url)> SiteWithArticleAsync(string provider = "sqlite")
    {
        var site = await ContentsSite.SetUpAsync(provider);
        await site.ImportStepsAsync(ContentsSite.ArticleDefinitionStep());
        var saved = await site.WithScopeAsync(sp => sp.GetRequiredService<ContentManager>().SaveAsync(
            ContentsSite.NewArticle("乙肝疫苗常识", "<p>接种三针。</p>", "肝病"), true, "admin"));
        return (site, saved.Item!.ContentItemId!, H5Pages.ArticleUrl(saved.Item.AutoroutePath!));
    }

    private static Task<ContentStatsSummary> StatsAsync(TestSite site, string id) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<ContentStats>().GetAsync(id));

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_flood_of_read_beacons_is_rate_limited_and_counts_one_read(string provider)
    {
        var (site, id, url) = await SiteWithArticleAsync(provider);
        await using var _ = site;
        var phone = site.CreateClient();
        var token = H5Pages.PageToken(await phone.GetStringAsync(url));

        var statuses = new List<HttpStatusCode> { (await H5Pages.BeaconAsync(phone, token, "view")).StatusCode };
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await H5Pages.BeaconAsync(phone, token, "read")).StatusCode);
        }

        // A reload is not a second view or read either.
        var reloaded = H5Pages.PageToken(await phone.GetStringAsync(url));
        var stats = await StatsAsync(site, id);
        Assert.Equal(BeaconRateLimiter.Limit, statuses.Count(s => s == HttpStatusCode.NoContent));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(1, stats.Views);
        Assert.Equal(1, stats.Reads);
        Assert.NotEqual(token, reloaded);

        var read = (await site.WithScopeAsync(sp => sp.GetRequiredService<IBehaviourLedger>().QueryAsync(new LedgerQuery(Type: BehaviourEventTypes.ContentRead, Subject: id)))).Items.Single();
        var payload = read.PayloadObject();
        Assert.Equal("肝病", payload["interestTags"]![0]!.GetValue<string>());
        Assert.StartsWith("v_", payload["visitorId"]!.GetValue<string>());
        Assert.Null(read.FollowerId);
    }

    [Fact]
    public async Task A_token_from_another_visitor_or_a_garbage_body_is_refused()
    {
        var (site, id, url) = await SiteWithArticleAsync();
        await using var _ = site;
        var alice = site.CreateClient();
        var bob = site.CreateClient();
        var aliceToken = H5Pages.PageToken(await alice.GetStringAsync(url));
        await bob.GetStringAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, (await H5Pages.BeaconAsync(bob, aliceToken, "view")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await H5Pages.BeaconAsync(bob, "forged", "view")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await bob.PostAsync("/h5/beacon", new StringContent("not json"))).StatusCode);
        var huge = new StringContent($$"""{"t":"{{new string('a', 5000)}}","k":"view"}""", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await bob.PostAsync("/h5/beacon", huge)).StatusCode);
        Assert.Equal(0, (await StatsAsync(site, id)).Views);
    }

    [Fact]
    public async Task A_share_link_credits_the_sharer_once_and_a_forged_token_is_ignored()
    {
        var (site, id, url) = await SiteWithArticleAsync();
        await using var _ = site;
        var sharer = site.CreateClient();
        var shareUrl = H5Pages.ShareUrl(await sharer.GetStringAsync(url));
        Assert.Contains("?s=", shareUrl);
        Assert.DoesNotContain("v_", shareUrl); // no raw visitor id in the link

        // A friend opens the shared link: a view and a share-open crediting the sharer.
        var friend = site.CreateClient();
        var friendToken = H5Pages.PageToken(await friend.GetStringAsync(shareUrl));
        await H5Pages.BeaconAsync(friend, friendToken, "view");
        await H5Pages.BeaconAsync(friend, H5Pages.PageToken(await friend.GetStringAsync(shareUrl)), "view");

        // Someone else tampers with the token: the page works, nobody is credited.
        var stranger = site.CreateClient();
        var genuine = Uri.UnescapeDataString(shareUrl[(shareUrl.IndexOf("?s=", StringComparison.Ordinal) + 3)..]);
        var middle = genuine.Length / 2;
        var tampered = genuine[..middle] + (genuine[middle] == 'A' ? 'B' : 'A') + genuine[(middle + 1)..];
        var forged = url + "?s=" + Uri.EscapeDataString(tampered);
        var strangerPage = await stranger.GetAsync(forged);
        Assert.Equal(HttpStatusCode.OK, strangerPage.StatusCode);
        await H5Pages.BeaconAsync(stranger, H5Pages.PageToken(await strangerPage.Content.ReadAsStringAsync()), "view");

        // The sharer opening their own link is no outcome.
        await H5Pages.BeaconAsync(sharer, H5Pages.PageToken(await sharer.GetStringAsync(shareUrl)), "view");

        var stats = await StatsAsync(site, id);
        Assert.Equal(3, stats.Views);
        Assert.Equal(1, stats.ShareOpens);
        var open = (await site.WithScopeAsync(sp => sp.GetRequiredService<IBehaviourLedger>().QueryAsync(new LedgerQuery(Type: BehaviourEventTypes.ContentShareOpen, Subject: id)))).Items.Single();
        Assert.StartsWith("v_", open.PayloadObject()["sharerVisitorId"]!.GetValue<string>());
        Assert.NotEqual(open.PayloadObject()["visitorId"]!.GetValue<string>(), open.PayloadObject()["sharerVisitorId"]!.GetValue<string>());
    }

    [Fact]
    public void An_expired_or_forged_share_token_reads_as_nobody()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var tokens = new TrackingTokens(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider(), clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<TrackingTokens>.Instance);
        var token = tokens.CreateShareToken(new Sharer(42, null));

        Assert.Equal(42, tokens.ReadShareToken(token)!.FollowerId);
        var middle = token.Length / 2;
        Assert.Null(tokens.ReadShareToken(token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..]));
        Assert.Null(tokens.ReadShareToken("42"));

        clock.Advance(TrackingTokens.ShareLifetime + TimeSpan.FromMinutes(1));
        Assert.Null(tokens.ReadShareToken(token));
    }
}
