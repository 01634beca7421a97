using System.Diagnostics;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.Core.Shells;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Messages;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Bench.WeChat;

/// <summary>
/// Where a callback's time goes: the same concurrency as the HTTP run, but calling the shell's
/// services directly — follower resolution + durable append (WeChatEventRecorder), and the reply lookup.
/// </summary>
internal static class StageProbe
{
    public static async Task<IReadOnlyList<(string Stage, LoadGenerator.Result Result)>> RunAsync(ShellHost shells, CallbackFactory factory, int clients, TimeSpan duration)
    {
        async Task<LoadGenerator.Result> LoopAsync(Func<IServiceProvider, WeChatInboundMessage, Task> stage)
        {
            var results = Enumerable.Range(0, clients).Select(_ => new LoadGenerator.Result()).ToArray();
            var cpu = LoadGenerator.Result.ProcessCpu();
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(results.Select(r => Task.Run(async () =>
            {
                while (watch.Elapsed < duration)
                {
                    var msgId = factory.Next().MsgId;
                    var message = WeChatXmlParser.Parse(WeChatCallbackComposer.TextXml("gh_bench", "oBenchProbe" + (msgId % 100), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), "probe", msgId));
                    var started = Stopwatch.GetTimestamp();
                    await using var scope = shells.Current!.Services.CreateAsyncScope();
                    await stage(scope.ServiceProvider, message);
                    r.Latencies.Add(Stopwatch.GetElapsedTime(started));
                }
            })));
            var merged = LoadGenerator.Result.Merge(results, watch.Elapsed);
            merged.Cpu = LoadGenerator.Result.ProcessCpu() - cpu;
            return merged;
        }

        var keys = factory.Account;
        var resolve = await LoopAsync((sp, m) => sp.GetRequiredService<IFollowerDirectory>().ResolveAsync(new FollowerKey(keys.AppId, m.FromUserName), true, CancellationToken.None));
        var append = await LoopAsync((sp, m) => sp.GetRequiredService<IBehaviourLedger>().AppendAsync(
            new BehaviourEventDraft("wechat.text", 1, "text", null, DateTime.UtcNow, "bench", WeChatEventRecorder.DedupeKey(keys.AppId, m), keys.AppId), CancellationToken.None));
        var record = await LoopAsync((sp, m) => sp.GetRequiredService<WeChatEventRecorder>().RecordAsync(keys.AppId, m, CancellationToken.None));
        var reply = await LoopAsync(async (sp, m) =>
        {
            foreach (var provider in sp.GetServices<IWeChatReplyProvider>())
                await provider.ReplyAsync(keys, m, 1, CancellationToken.None);
        });
        return [("resolve follower", resolve), ("durable append alone", append), ("resolve + append (recorder)", record), ("reply providers (text)", reply)];
    }
}
