using Lianjie.Core.Recipes;
using Lianjie.Testing;
using Lianjie.Workflows.Rules;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Bench.Workflows;

/// <summary>The 20 rules of the benchmark, as a marketer would save them from the rules form.</summary>
internal static class BenchRules
{
    public static readonly string[] Interests = ["肝病", "肾病", "糖尿病", "高血压", "心脏病"];

    public static IReadOnlyList<TagRule> All(bool withTags = true)
    {
        var rules = new List<TagRule>();
        foreach (var interest in Interests)
        {
            // Per interest: one counting rule, one first-read rule, one share rule.
            rules.Add(Rule($"{interest} ×3", "ArticleReadEvent", new() { ["InterestTag"] = interest }, 3));
            rules.Add(Rule($"{interest} first read", "ArticleReadEvent", new() { ["InterestTag"] = interest }, 1));
            rules.Add(Rule($"{interest} share", "ArticleSharedEvent", new() { ["InterestTag"] = interest }, 1));
        }

        rules.Add(Rule("Any purchase", "PurchaseEvent", [], 1));
        rules.Add(Rule("Big purchase", "PurchaseEvent", new() { ["MinAmount"] = "500" }, 1));
        rules.Add(Rule("Kidney lecture", "EventRegisteredEvent", new() { ["Tag"] = "肾病讲座" }, 1));
        rules.Add(Rule("Family member", "FormSubmittedEvent", new() { ["Value"] = "父母是患者" }, 1));
        rules.Add(Rule("Pharmacy scan", "QrScannedEvent", new() { ["Scene"] = "pharmacy" }, 1));
        if (withTags)
        {
            foreach (var rule in rules)
            {
                rule.AddTags = [TagOf(rule)];
            }
        }

        return rules;
    }

    /// <summary>One plain (not health-sensitive) tag per rule, so no consent is needed to apply it.</summary>
    public static async Task CreateTagsAsync(TestSite site)
    {
        var tags = string.Join(", ", All(withTags: false).Select(r => $$"""{ "Name": "{{TagOf(r)}}", "Group": "bench" }"""));
        var recipe = RecipeReader.Parse($$"""
            { "name": "bench-tags", "steps": [ { "name": "Tags", "Groups": [ { "Name": "bench", "Exclusive": false } ], "Tags": [ {{tags}} ] } ] }
            """);
        var report = await site.Services.GetRequiredService<RecipeImporter>().ImportAsync(recipe, new RecipeImportOptions());
        if (!report.Succeeded)
        {
            throw new InvalidOperationException($"The bench tags were not created: {report.Failure}");
        }
    }

    private static string TagOf(TagRule rule) => "bench " + rule.Name;

    private static TagRule Rule(string name, string activity, Dictionary<string, string> filters, int count) => new()
    {
        Name = name,
        Event = activity,
        Filters = filters,
        Count = count,
        WithinDays = 30,
        PointsDimension = "interaction",
        PointsAmount = 1,
        IsEnabled = true,
    };
}
