using System.Text.Json.Nodes;
using Lianjie.Core.Recipes;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Channels;

/// <summary>
/// { "name": "WeChatQrChannels", "AppId": "wx…", "Channels": [ { "Name": "门诊海报", "Scene": "clinic_poster",
///   "Permanent": true, "ExpireSeconds": null, "TargetTag": "门诊扫码", "WelcomeReply": "…" } ] } —
/// creates or updates each channel by AppId + Scene (running it twice changes nothing). Tickets are
/// not requested here: the first PNG download asks WeChat for one.
/// </summary>
internal sealed class WeChatQrChannelsStep(WeChatChannelService channels, Lianjie.Core.Data.DbSession session) : IRecipeStepHandler, IRecipeExportContributor
{
    public const string StepName = "WeChatQrChannels";

    public IReadOnlyCollection<string> StepNames => [StepName];

    // After accounts (100) and auto replies (110).
    public int Order => 120;

    public async Task ExecuteAsync(RecipeStepContext context, CancellationToken cancellationToken)
    {
        var appId = Text(context.Step, "AppId") ?? throw new RecipeStepException("The WeChatQrChannels step needs an AppId.");
        foreach (var item in (Find(context.Step, "Channels") as JsonArray ?? []).OfType<JsonObject>())
        {
            var scene = Text(item, "Scene") ?? throw new RecipeStepException($"A channel of {appId} has no Scene.");
            var existing = await channels.FindBySceneAsync(appId, scene, cancellationToken);
            var permanent = Find(item, "Permanent") is JsonValue p && p.TryGetValue<bool>(out var isPermanent) && isPermanent;
            int? expire = Find(item, "ExpireSeconds") is JsonValue e && e.TryGetValue<int>(out var seconds) ? seconds : null;
            try
            {
                await channels.SaveAsync(new WeChatChannelInput(existing?.Id, appId, Text(item, "Name") ?? scene, scene, permanent, permanent ? null : expire ?? WeChatQrCodeService.MaxTemporarySeconds, Text(item, "TargetTag"), Text(item, "WelcomeReply")), cancellationToken);
            }
            catch (ArgumentException ex)
            {
                throw new RecipeStepException($"Channel {scene} of {appId}: {ex.Message}");
            }
        }
    }

    public async Task ContributeAsync(RecipeExportContext context, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var all = await db.Set<WeChatChannel>().AsNoTracking().OrderBy(c => c.AppId).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        foreach (var group in all.GroupBy(c => c.AppId))
        {
            context.Steps.Add(new JsonObject
            {
                ["name"] = StepName,
                ["AppId"] = group.Key,
                ["Channels"] = new JsonArray(group.Select(c => (JsonNode)new JsonObject
                {
                    ["Name"] = c.Name,
                    ["Scene"] = c.Scene,
                    ["Permanent"] = c.Permanent,
                    ["ExpireSeconds"] = c.ExpireSeconds,
                    ["TargetTag"] = c.TargetTag,
                    ["WelcomeReply"] = c.WelcomeReply,
                }).ToArray()),
            });
        }
    }

    private static JsonNode? Find(JsonObject obj, string name) =>
        obj.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonObject obj, string name) =>
        Find(obj, name) is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
}
