using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.AutoReplies;

namespace Lianjie.WeChat.Recipes;

/// <summary>
/// { "name": "WeChatAutoReplies", "AppId": "wx…", "Welcome": "欢迎关注…",
///   "Keywords": [ { "Keyword": "讲座", "Exact": false, "Reply": "…" } ] } — replaces that account's rules.
/// </summary>
internal sealed class WeChatAutoRepliesStep(WeChatAutoReplyService replies, WeChatAccountService accounts) : IRecipeStepHandler, IRecipeExportContributor
{
    public const string StepName = "WeChatAutoReplies";

    public IReadOnlyCollection<string> StepNames => [StepName];

    public int Order => 110;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var appId = Text(context.Step, "AppId") ?? throw new RecipeStepException("The WeChatAutoReplies step needs an AppId.");
        if (await accounts.FindAsync(appId, cancellationToken) is null)
        {
            throw new RecipeStepException($"No WeChat account {appId}; add it with a WeChatAccounts step first.");
        }

        var rules = new List<WeChatAutoReply>();
        if (Text(context.Step, "Welcome") is { } welcome)
        {
            rules.Add(new WeChatAutoReply { Trigger = WeChatAutoReply.Welcome, ReplyText = welcome });
        }

        foreach (var item in (Find(context.Step, "Keywords") as JsonArray ?? []).OfType<JsonObject>())
        {
            rules.Add(new WeChatAutoReply
            {
                Trigger = WeChatAutoReply.Keyword,
                Match = Text(item, "Keyword"),
                Exact = Find(item, "Exact") is JsonValue exact && exact.TryGetValue<bool>(out var isExact) && isExact,
                ReplyText = Text(item, "Reply") ?? string.Empty,
            });
        }

        try
        {
            await replies.ReplaceAsync(appId, rules, cancellationToken);
        }
        catch (ArgumentException e)
        {
            throw new RecipeStepException($"Auto replies of {appId}: {e.Message}");
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        foreach (var account in await accounts.ListAsync(cancellationToken))
        {
            var rules = await replies.ListAsync(account.AppId, cancellationToken);
            if (rules.Count == 0)
            {
                continue;
            }

            context.Steps.Add(new JsonObject
            {
                ["name"] = StepName,
                ["AppId"] = account.AppId,
                ["Welcome"] = rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Welcome)?.ReplyText,
                ["Keywords"] = new JsonArray(rules.Where(r => r.Trigger == WeChatAutoReply.Keyword)
                    .Select(r => (JsonNode)new JsonObject { ["Keyword"] = r.Match, ["Exact"] = r.Exact, ["Reply"] = r.ReplyText }).ToArray()),
            });
        }
    }

    private static JsonNode? Find(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonObject obj, string name) =>
        Find(obj, name) is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
