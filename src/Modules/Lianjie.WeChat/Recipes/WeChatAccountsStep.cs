using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Lianjie.WeChat.Accounts;

namespace Lianjie.WeChat.Recipes;

/// <summary>
/// { "name": "WeChatAccounts", "Accounts": [ { "AppId", "Name", "AppSecret", "Token", "EncodingAESKey",
/// "MessageMode": "Plain"|"Compatible"|"Safe", "Simulated", "ApiBaseUrl" } ] }, idempotent by AppId.
/// Export leaves out AppSecret, Token and EncodingAESKey: a recipe file is not a place for secrets.
/// Importing such a file updates existing accounts and skips (with a warning) new ones without secrets.
/// </summary>
internal sealed class WeChatAccountsStep(WeChatAccountService accounts) : IRecipeStepHandler, IRecipeExportContributor
{
    public const string StepName = "WeChatAccounts";

    public IReadOnlyCollection<string> StepNames => [StepName];

    public int Order => 100;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        if (Find(context.Step, "Accounts") is not JsonArray items)
        {
            throw new RecipeStepException("The WeChatAccounts step needs an \"Accounts\" array.");
        }

        foreach (var item in items)
        {
            if (item is not JsonObject account)
            {
                throw new RecipeStepException("Each entry of \"Accounts\" must be an object.");
            }

            var appId = Text(account, "AppId") ?? throw new RecipeStepException("An account has no AppId.");
            var modeText = Text(account, "MessageMode") ?? nameof(WeChatMessageMode.Plain);
            if (!Enum.TryParse<WeChatMessageMode>(modeText, ignoreCase: true, out var mode) || int.TryParse(modeText, out _))
            {
                throw new RecipeStepException($"Account {appId}: MessageMode must be Plain, Compatible or Safe, not '{modeText}'.");
            }

            var input = new WeChatAccountInput(
                appId,
                Text(account, "Name") ?? appId,
                Text(account, "AppSecret"),
                Text(account, "EncodingAESKey"),
                Text(account, "Token"),
                mode,
                Find(account, "Simulated") is JsonValue simulated && simulated.TryGetValue<bool>(out var isSimulated) && isSimulated,
                Text(account, "ApiBaseUrl"));
            if ((input.AppSecret is null || input.Token is null) && await accounts.FindAsync(appId, cancellationToken) is null)
            {
                context.Warn($"WeChat account {appId} has no AppSecret or Token (exports leave secrets out); it was not created. Add it in the admin.");
                continue;
            }

            try
            {
                await accounts.UpsertAsync(input, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new RecipeStepException($"Account {appId}: {e.Message}");
            }
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        var all = await accounts.ListAsync(cancellationToken);
        if (all.Count == 0)
        {
            return;
        }

        context.Steps.Add(new JsonObject
        {
            ["name"] = StepName,
            ["SecretsOmitted"] = true,
            ["Accounts"] = new JsonArray(all.Select(a => (JsonNode)new JsonObject
            {
                ["AppId"] = a.AppId,
                ["Name"] = a.Name,
                ["MessageMode"] = a.MessageMode.ToString(),
                ["Simulated"] = a.Simulated,
                ["ApiBaseUrl"] = a.ApiBaseUrl,
            }).ToArray()),
        });
    }

    // Recipe property names match in any case.
    private static JsonNode? Find(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonObject obj, string name) =>
        Find(obj, name) is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
