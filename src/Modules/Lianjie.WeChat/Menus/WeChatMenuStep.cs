using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.WeChat.Accounts;

namespace Lianjie.WeChat.Menus;

/// <summary>
/// { "name": "WeChatMenu", "AppId": "wx…", "Buttons": [ … WeChat's "button" array … ], "Publish": true }:
/// saves the account's menu and (unless "Publish": false) queues it for WeChat. Importing the same
/// menu again changes nothing and queues nothing.
/// </summary>
internal sealed class WeChatMenuStep(WeChatMenuService menus, WeChatAccountService accounts) : IRecipeStepHandler, IRecipeExportContributor
{
    public const string StepName = "WeChatMenu";

    public IReadOnlyCollection<string> StepNames => [StepName];

    public int Order => 120;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var appId = Find(context.Step, "AppId") is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id)
            ? id.Trim()
            : throw new RecipeStepException("The WeChatMenu step needs an AppId.");
        if (await accounts.FindAsync(appId, cancellationToken) is null)
        {
            throw new RecipeStepException($"No WeChat account {appId}; add it with a WeChatAccounts step first.");
        }

        if (Find(context.Step, "Buttons") is not JsonArray buttons)
        {
            throw new RecipeStepException($"The WeChatMenu step of {appId} needs a Buttons array.");
        }

        var menu = new JsonObject { ["button"] = buttons.DeepClone() };
        try
        {
            await menus.SaveDraftAsync(appId, menu, cancellationToken);
        }
        catch (WeChatMenuInvalidException e)
        {
            throw new RecipeStepException($"Menu of {appId}: {e.Message}");
        }

        var publish = Find(context.Step, "Publish") is not JsonValue p || !p.TryGetValue<bool>(out var flag) || flag;
        var record = await menus.FindAsync(appId, cancellationToken);
        if (publish && (record?.LastAction != WeChatMenuRecord.Publish || record.PublishedJson != record.DraftJson))
        {
            await menus.PublishAsync(appId, cancellationToken);
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        foreach (var record in await menus.ListAsync(cancellationToken))
        {
            if (record.DraftJson is { } json && JsonNode.Parse(json)?["button"] is JsonArray buttons)
            {
                context.Steps.Add(new JsonObject
                {
                    ["name"] = StepName,
                    ["AppId"] = record.AppId,
                    ["Buttons"] = buttons.DeepClone(),
                    ["Publish"] = record.LastAction == WeChatMenuRecord.Publish && record.PublishedJson == record.DraftJson,
                });
            }
        }
    }

    private static JsonNode? Find(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
