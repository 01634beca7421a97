using Lianjie.Core.Cli;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Sync;

/// <summary>`wechat sync --app APPID [--json]`: a full follower sync (resuming an unfinished one), with progress lines.</summary>
internal sealed class WeChatSyncCommand : ICliCommand
{
    public string Verb => "wechat";

    public string Usage => "wechat sync --app APPID [--json]";

    public async Task<int> RunAsync(CliArguments args, CliOutput output, IServiceProvider services, CancellationToken cancellationToken)
    {
        var action = args.At(1, "action (sync)");
        if (!string.Equals(action, "sync", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"Unknown action '{action}'. Usage: {Usage}");
        }

        var appId = args.Required("app");
        if (await services.GetRequiredService<WeChatAccountService>().FindAsync(appId, cancellationToken) is null)
        {
            output.Error($"No WeChat account {appId}.");
            return 1;
        }

        var sync = services.GetRequiredService<WeChatFollowerSync>();
        var run = await sync.StartAsync(appId, "cli", cancellationToken);
        if (run.Followers > 0 && !output.IsJson)
        {
            output.Out.WriteLine($"Resuming run {run.Id} after {run.Followers} followers (page {run.Pages + 1}).");
        }

        try
        {
            run = await sync.RunAsync(run.Id, r =>
            {
                if (!output.IsJson)
                {
                    output.Out.WriteLine($"page {r.Pages + 1}: {r.Followers}/{r.Total} followers, {r.TagsPushed} tag pushes queued{(r.Unsubscribed > 0 ? $", {r.Unsubscribed} marked unsubscribed" : string.Empty)}");
                }
            }, cancellationToken);
        }
        catch (Exception e) when (e is WeChatApiException or HttpRequestException or InvalidOperationException)
        {
            output.Error($"The sync stopped: {e.Message} Run `wechat sync --app {appId}` again to resume.", new { runId = run.Id });
            return 1;
        }

        output.Result(
            new { ok = true, runId = run.Id, appId, state = run.State.ToString(), followers = run.Followers, total = run.Total, pages = run.Pages, tagPushes = run.TagsPushed, unsubscribed = run.Unsubscribed },
            $"Sync {run.Id} of {appId} completed: {run.Followers} followers, {run.Pages} pages, {run.TagsPushed} tag pushes queued, {run.Unsubscribed} marked unsubscribed.");
        return 0;
    }
}
