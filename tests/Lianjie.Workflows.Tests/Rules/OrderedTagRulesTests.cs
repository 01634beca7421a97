using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.Workflows.Persistence;
using Lianjie.Workflows.Rules;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Rules;

/// <summary>
/// Tags from several rules in one reactor batch land in event order, as if each event were handled alone:
/// what an exclusive group keeps depends on which rule fired last.
/// </summary>
public class OrderedTagRulesTests
{
    private const string FirstVisit = "初诊";
    private const string ReturnVisit = "复诊";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Two_rules_that_disagree_on_an_exclusive_group_in_one_batch_leave_the_tag_of_the_last_event(string provider)
    {
        await using var site = await StartAsync(provider);
        await site.SaveTypeAsync(Rule("Purchase → first visit", "PurchaseEvent", add: FirstVisit).ToWorkflowType());
        await site.SaveTypeAsync(Rule("Scan → return visit", "QrScannedEvent", add: ReturnVisit).ToWorkflowType());
        var back = await site.FollowerAsync("oBack");
        var scanFirst = await site.FollowerAsync("oScanFirst");

        await site.AppendAsync(BehaviourEventTypes.CommercePurchase, back, "order-1");
        await site.AppendAsync(BehaviourEventTypes.WeChatScan, back, "counter");
        await site.AppendAsync(BehaviourEventTypes.CommercePurchase, back, "order-2");
        await site.AppendAsync(BehaviourEventTypes.WeChatScan, scanFirst, "counter");
        await site.AppendAsync(BehaviourEventTypes.CommercePurchase, scanFirst, "order-3");
        await site.CatchUpAsync();

        Assert.Equal([FirstVisit], await TagsAsync(site, back));
        Assert.Equal([FirstVisit], await TagsAsync(site, scanFirst));

        // The events tell the same story, in order: added, swapped, swapped back.
        Assert.Equal(
            ["tag.added " + FirstVisit, "tag.removed " + FirstVisit, "tag.added " + ReturnVisit, "tag.removed " + ReturnVisit, "tag.added " + FirstVisit],
            await TagEventsAsync(site, back));
        Assert.Equal(1, await site.CountAsync($"SELECT COUNT(*) FROM \"FollowerTags\" WHERE \"FollowerId\" = {back}"));
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Document\" LIKE '%Refused%'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_rule_that_removes_a_tag_is_applied_between_the_adds_around_it(string provider)
    {
        await using var site = await StartAsync(provider);
        await site.SaveTypeAsync(Rule("Purchase → first visit", "PurchaseEvent", add: FirstVisit).ToWorkflowType());
        await site.SaveTypeAsync(Rule("Form → not a first visit", "FormSubmittedEvent", remove: FirstVisit).ToWorkflowType());
        var again = await site.FollowerAsync("oAgain");
        var gone = await site.FollowerAsync("oGone");
        var never = await site.FollowerAsync("oNever");

        // oAgain held the tag before the batch: its row is taken off and put back within the batch.
        await site.WithScopeAsync(sp => sp.GetRequiredService<IFollowerTagService>().AddAsync(again, FirstVisit, new TagChangeOrigin("test")));
        await site.AppendAsync(BehaviourEventTypes.FormSubmitted, again, "intake");
        await site.AppendAsync(BehaviourEventTypes.CommercePurchase, again, "order-1");
        await site.AppendAsync(BehaviourEventTypes.CommercePurchase, gone, "order-2");
        await site.AppendAsync(BehaviourEventTypes.FormSubmitted, gone, "intake");
        await site.AppendAsync(BehaviourEventTypes.FormSubmitted, never, "intake");
        await site.CatchUpAsync();

        Assert.Equal([FirstVisit], await TagsAsync(site, again));
        Assert.Empty(await TagsAsync(site, gone));
        Assert.Empty(await TagsAsync(site, never));
        Assert.Equal(["tag.removed " + FirstVisit, "tag.added " + FirstVisit], await TagEventsAsync(site, again));
        Assert.Equal(["tag.added " + FirstVisit, "tag.removed " + FirstVisit], await TagEventsAsync(site, gone));
        Assert.Empty(await TagEventsAsync(site, never));
        Assert.Equal("workflow", await site.Site.TextAsync($"SELECT \"Source\" FROM \"FollowerTags\" WHERE \"FollowerId\" = {again}"));

        // Removing a tag the follower does not hold is not a refusal: every run finished Done.
        Assert.Equal(5, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished' AND \"Document\" NOT LIKE '%Refused%'"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_branching_workflow_that_tags_directly_comes_after_the_batched_tags_of_earlier_events(string provider)
    {
        await using var site = await StartAsync(provider);
        await site.SaveTypeAsync(Rule("Purchase → first visit", "PurchaseEvent", add: FirstVisit).ToWorkflowType());

        // Refused goes nowhere here, so the outcome steers the run: this type applies its tags itself.
        var branching = Rule("Scan → return visit (branching)", "QrScannedEvent", add: ReturnVisit).ToWorkflowType();
        branching.Transitions.RemoveAll(t => t.SourceActivityId == "addTags" && t.SourceOutcomeName == "Refused");
        await site.SaveTypeAsync(branching);
        var follower = await site.FollowerAsync("oMixed");

        await site.AppendAsync(BehaviourEventTypes.CommercePurchase, follower, "order-1");
        await site.AppendAsync(BehaviourEventTypes.WeChatScan, follower, "counter");
        await site.CatchUpAsync();

        Assert.Equal([ReturnVisit], await TagsAsync(site, follower));
        Assert.Equal(["tag.added " + FirstVisit, "tag.removed " + FirstVisit, "tag.added " + ReturnVisit], await TagEventsAsync(site, follower));
    }

    private static async Task<WorkflowSite> StartAsync(string provider)
    {
        var site = await WorkflowSite.StartAsync(provider, "Lianjie.Tags");
        var recipe = RecipeReader.Parse($$"""
            { "name": "visit-tags", "steps": [ { "name": "Tags",
              "Groups": [ { "Name": "就诊", "Exclusive": true } ],
              "Tags": [ { "Name": "{{FirstVisit}}", "Group": "就诊" }, { "Name": "{{ReturnVisit}}", "Group": "就诊" } ] } ] }
            """);
        var report = await site.Site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions());
        Assert.True(report.Succeeded, report.Failure?.ToString());
        return site;
    }

    private static TagRule Rule(string name, string activity, string? add = null, string? remove = null) => new()
    {
        Name = name,
        Event = activity,
        AddTags = add is null ? [] : [add],
        RemoveTags = remove is null ? [] : [remove],
        PointsDimension = "interaction",
        PointsAmount = 1,
        IsEnabled = true,
    };

    private static Task<List<string>> TagsAsync(WorkflowSite site, long followerId) =>
        site.WithScopeAsync(async sp => (await sp.GetRequiredService<IFollowerTagService>().GetAsync(followerId)).Select(t => t.Tag).ToList());

    /// <summary>The follower's tag events from workflows, in ledger order, as "type subject".</summary>
    private static Task<List<string>> TagEventsAsync(WorkflowSite site, long followerId) =>
        site.WithScopeAsync(sp => sp.GetRequiredService<DbSession>().ListAsync(
            $"SELECT \"Type\", \"Subject\" FROM \"LedgerEvents\" WHERE \"FollowerId\" = {followerId} AND \"Type\" IN ('tag.added', 'tag.removed') AND \"Source\" = 'workflow' ORDER BY \"Position\"",
            r => r.GetString(0) + " " + r.GetString(1),
            CancellationToken.None));
}
