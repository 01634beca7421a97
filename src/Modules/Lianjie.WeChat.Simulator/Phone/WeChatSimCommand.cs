using Lianjie.Core.Cli;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Simulator.Phone;

/// <summary>
/// `wechat-sim subscribe|unsubscribe|scan|text|click|view --app APPID --openid O [--scene S] [--content C] [--key K] --url http://site`:
/// sends one simulated user action to a running site.
/// </summary>
internal sealed class WeChatSimCommand : ICliCommand
{
    public string Verb => "wechat-sim";

    public string Usage => "wechat-sim subscribe|unsubscribe|scan|text|click|view --app APPID --openid O [--scene S] [--content C] [--key K] --url http://localhost:5000";

    public async Task<int> RunAsync(CliArguments args, CliOutput output, IServiceProvider services, CancellationToken cancellationToken)
    {
        var kind = args.At(1, "action (" + string.Join("|", PhoneAction.Kinds) + ")").ToLowerInvariant();
        if (!PhoneAction.Kinds.Contains(kind))
        {
            throw new CliUsageException($"Unknown action '{kind}'.");
        }

        if (!Uri.TryCreate(args.Required("url"), UriKind.Absolute, out var site))
        {
            throw new CliUsageException("--url must be the site's absolute base URL, e.g. http://localhost:5000.");
        }

        var action = new PhoneAction(kind, args.Required("app"), args.Required("openid"), args.Option("scene"), args.Option("content"), args.Option("key"));
        try
        {
            var result = await services.GetRequiredService<SimulatorPhone>().SendAsync(site, action, cancellationToken);
            output.Result(new { ok = result.StatusCode == 200, status = result.StatusCode, body = result.Body, reply = result.Reply }, $"{result.StatusCode} {result.Reply ?? result.Body}");
            return result.StatusCode == 200 ? 0 : 1;
        }
        catch (HttpRequestException e)
        {
            output.Error($"Cannot reach {site}: {e.Message}");
            return 1;
        }
    }
}
