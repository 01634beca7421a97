using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Recipes;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Rules;

/// <summary>The clinic demo rules with the real Tags module: consent, dictionary, exactly-once tagging.</summary>
// CrashOnceTask keeps static state: classes that arm it must not run at the same time.
[Collection(CrashOnceTask.Collection)]
public class ClinicTagRulesTests
{
    private static readonly DateTime Day0 = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);

    private static JsonObject Liver => new() { ["interestTags"] = new JsonArray("肝病") };

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task The_demo_rules_tag_liver_readers_on_the_third_read_kidney_registrants_family_members_and_buyers(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider, "Lianjie.Tags");
        await ImportAsync(site, "clinic-tags");
        await ImportAsync(site, "clinic-rules");
        var three = await ConsentingFollowerAsync(site, "oThree");
        var two = await ConsentingFollowerAsync(site, "oTwo");
        var noConsent = await site.FollowerAsync("oNoConsent");
        var kidney = await ConsentingFollowerAsync(site, "oKidney");
        var parent = await site.FollowerAsync("oParent");
        var buyer = await site.FollowerAsync("oBuyer");

        foreach (var (follower, reads) in new[] { (three, 3), (two, 2), (noConsent, 3) })
        {
            for (var i = 0; i < reads; i++)
            {
                await site.AppendAsync("content.read", follower, "liver-" + i, Liver, Day0.AddDays(i * 5));
            }
        }

        await site.AppendAsync("event.registered", kidney, "lecture-2026-03", new JsonObject { ["tags"] = new JsonArray("肾病讲座") });
        await site.AppendAsync("form.submitted", parent, "lecture-signup", new JsonObject { ["fields"] = new JsonObject { ["relation"] = new JsonArray("父母是患者") } });
        await site.AppendAsync("commerce.purchase", buyer, "order-1", new JsonObject { ["amount"] = 99 });
        await site.CatchUpAsync();

        Assert.Contains("肝病关注", await TagsAsync(site, three));
        Assert.DoesNotContain("肝病关注", await TagsAsync(site, two));
        Assert.DoesNotContain("肝病关注", await TagsAsync(site, noConsent));
        Assert.Contains("慢性肾病患者", await TagsAsync(site, kidney));
        Assert.Contains("家属", await TagsAsync(site, parent));
        Assert.Contains("已购买", await TagsAsync(site, buyer));
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'points.changed' AND \"Subject\" = 'consumption' AND \"FollowerId\" = {buyer}"));

        // The refusal (no health consent) is visible in the run's history, not silently dropped.
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"CorrelationId\" = '{noConsent}' AND \"Status\" = 'Finished' AND \"Document\" LIKE '%Refused%'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_crash_after_the_tag_is_applied_and_before_the_checkpoint_tags_exactly_once(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider, "Lianjie.Tags", ProbeManifest.FeatureId);
        await ImportAsync(site, "clinic-tags");
        var buyer = await site.FollowerAsync("oCrashBuyer");
        await site.SaveTypeAsync(new WorkflowBuilder("Buyers").Start("buy", "PurchaseEvent")
            .Activity("tag", "AddTagTask", new JsonObject { ["Tags"] = new JsonArray("已购买") })
            .Activity("crash", "CrashOnceTask")
            .Connect("buy", "Done", "tag")
            .Connect("tag", "Done", "crash")
            .Build());
        var crashesBefore = CrashOnceTask.Crashes;
        CrashOnceTask.Armed = true;

        await site.AppendAsync("commerce.purchase", buyer, "order-1");
        for (var attempt = 0; attempt < 20 && (CrashOnceTask.Armed || await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\"") == 0); attempt++)
        {
            try
            {
                await site.CatchUpAsync();
            }
            catch (Exception)
            {
            }

            await Task.Delay(200);
        }

        await site.CatchUpAsync();
        Assert.Equal(crashesBefore + 1, CrashOnceTask.Crashes);
        Assert.Contains("已购买", await TagsAsync(site, buyer));
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"LedgerEvents\" WHERE \"Type\" = 'tag.added' AND \"FollowerId\" = {buyer}"));
    }

    private static async Task ImportAsync(WorkflowSite site, string name)
    {
        var found = site.Site.Services.GetRequiredService<RecipeHarvester>().Find(name);
        Assert.NotNull(found);
        var report = await site.Site.Services.GetRequiredService<RecipeImporter>().ImportAsync(found.Value.Recipe, new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        Assert.Empty(report.Warnings);
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
