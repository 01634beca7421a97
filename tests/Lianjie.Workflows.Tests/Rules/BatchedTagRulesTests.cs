using Lianjie.Core.Followers;
using Lianjie.Core.Recipes;
using Lianjie.Workflows.Rules;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Rules;

/// <summary>Tag rules whose tags are applied per reactor batch (AddManyAsync): outcomes per run, one tag.added per follower.</summary>
public class BatchedTagRulesTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task In_one_batch_a_sensitive_tag_is_refused_without_consent_and_applied_to_the_others(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider, "Lianjie.Tags");
        await ImportAsync(site, "clinic-tags");
        await site.SaveTypeAsync(Rule("Liver buyers", "肝病关注").ToWorkflowType());
        var first = await ConsentingFollowerAsync(site, "oFirst");
        var noConsent = await site.FollowerAsync("oNoConsent");
        var second = await ConsentingFollowerAsync(site, "oSecond");

        foreach (var follower in new[] { first, noConsent, second })
        {
            await site.AppendAsync("commerce.purchase", follower, "order-" + follower);
        }

        await site.CatchUpAsync();

        Assert.Contains("肝病关注", await TagsAsync(site, first));
        Assert.Contains("肝病关注", await TagsAsync(site, second));
        Assert.DoesNotContain("肝病关注", await TagsAsync(site, noConsent));
        Assert.Equal(0, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"FollowerId\" = {noConsent}"));

        // Each run records its own outcome; the refused one still goes on to the points.
        Assert.Equal(1, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished' AND \"Document\" LIKE '%Refused%'"));
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"CorrelationId\" = '{noConsent}' AND \"Document\" LIKE '%RefusedNoConsent%'"));
        Assert.Equal(3, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished'"));
        Assert.Equal(3, await site.CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_same_tag_applied_twice_to_one_follower_in_one_batch_is_added_once(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider, "Lianjie.Tags");
        await ImportAsync(site, "clinic-tags");
        await site.SaveTypeAsync(Rule("Buyers", "已购买").ToWorkflowType());
        await site.SaveTypeAsync(Rule("Buyers again", "已购买").ToWorkflowType());
        var buyer = await site.FollowerAsync("oTwice");

        await site.AppendAsync("commerce.purchase", buyer, "order-1");
        await site.AppendAsync("commerce.purchase", buyer, "order-2");
        await site.CatchUpAsync();

        Assert.Equal(["已购买"], await TagsAsync(site, buyer));
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"FollowerId\" = {buyer}"));
        Assert.Equal(4, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished' AND \"Document\" NOT LIKE '%Refused%'"));
        Assert.Equal(4, await site.CountAsync("SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed'"));
    }

    private static TagRule Rule(string name, string tag) => new()
    {
        Name = name,
        Event = "PurchaseEvent",
        AddTags = [tag],
        PointsDimension = "consumption",
        PointsAmount = 1,
        IsEnabled = true,
    };

    private static async Task ImportAsync(WorkflowSite site, string name)
    {
        var found = site.Site.Services.GetRequiredService<RecipeHarvester>().Find(name);
        Assert.NotNull(found);
        var report = await site.Site.Services.GetRequiredService<RecipeImporter>().ImportAsync(found.Value.Recipe, new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());
    }

    private static async Task<long> ConsentingFollowerAsync(WorkflowSite site, string openId)
    {
        var id = await site.FollowerAsync(openId);
        await site.WithScopeAsync(sp => sp.GetRequiredService<IConsentRegistry>().RecordAsync(id, ConsentPurposes.HealthInformation, true, "test"));
        return id;
    }

    private static Task<List<string>> TagsAsync(WorkflowSite site, long followerId) =>
        site.WithScopeAsync(async sp => (await sp.GetRequiredService<IFollowerTagService>().GetAsync(followerId)).Select(t => t.Tag).ToList());
}
