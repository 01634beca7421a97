using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.AutoReplies;

namespace Lianjie.WeChat.Recipes;

/// <summary>
/// { "name": "WeChatAutoReplies", "AppId": "wx…", "Welcome": "欢迎关注…",
///   "Keywords": [ { "Keyword": "讲座", "Exact": false, "Reply": "…", "Tag": "讲座关注" },
///                 { "Keyword": "文章", "News": { "Title", "Description", "PicUrl", "Url" } } ] } — replaces that account's rules.
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
            var news = Find(item, "News") as JsonObject;
            rules.Add(new WeChatAutoReply
            {
                Trigger = WeChatAutoReply.Keyword,
                Match = Text(item, "Keyword"),
                Exact = Find(item, "Exact") is JsonValue exact && exact.TryGetValue<bool>(out var isExact) && isExact,
                ReplyText = Text(item, "Reply") ?? string.Empty,
                ReplyKind = news is null ? WeChatAutoReply.TextReply : WeChatAutoReply.NewsReply,
                NewsTitle = news is null ? null : Text(news, "Title"),
                NewsDescription = news is null ? null : Text(news, "Description"),
                NewsPicUrl = news is null ? null : Text(news, "PicUrl"),
                NewsUrl = news is null ? null : Text(news, "Url"),
                TagName = Text(item, "Tag"),
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
                ["Welcome"] = rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Welcome && r.ReplyKind == WeChatAutoReply.TextReply)?.ReplyText,
                ["Keywords"] = new JsonArray(rules.Where(r => r.Trigger == WeChatAutoReply.Keyword)
                    .Select(r => (JsonNode)Export(r)).ToArray()),
            });
        }
    }

    private static JsonObject Export(WeChatAutoReply rule)
    {
        var item = new JsonObject { ["Keyword"] = rule.Match, ["Exact"] = rule.Exact };
        if (rule.ReplyKind == WeChatAutoReply.NewsReply)
        {
            item["News"] = new JsonObject { ["Title"] = rule.NewsTitle, ["Description"] = rule.NewsDescription, ["PicUrl"] = rule.NewsPicUrl, ["Url"] = rule.NewsUrl };
        }
        else
        {
            item["Reply"] = rule.ReplyText;
        }

        if (rule.TagName is not null)
        {
            item["Tag"] = rule.TagName;
        }

        return item;
    }

    private static JsonNode? Find(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonObject obj, string name) =>
        Find(obj, name) is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
