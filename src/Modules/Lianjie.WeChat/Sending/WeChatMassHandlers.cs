using System.Text.Json.Nodes;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Sending;

/// <summary>Outbox kinds of mass sends beyond the tag/everybody one (<see cref="WeChatOutboxKinds.MassMessage"/>).</summary>
public static class WeChatMassKinds
{
    /// <summary>The body of /cgi-bin/message/mass/send (touser: 2..10,000 openids).</summary>
    public const string ToOpenIds = "message.mass.openids";

    /// <summary>The body of /cgi-bin/message/mass/preview (touser: one openid).</summary>
    public const string Preview = "message.mass.preview";
}

internal sealed class MassToOpenIdsHandler(WeChatApiClient client) : IWeChatOutboxHandler
{
    public string Kind => WeChatMassKinds.ToOpenIds;

    public async Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken) =>
        (await client.PostAsync(appId, "/cgi-bin/message/mass/send", payload, cancellationToken)).ToJsonString();
}

internal sealed class MassPreviewHandler(WeChatApiClient client) : IWeChatOutboxHandler
{
    public string Kind => WeChatMassKinds.Preview;

    public async Task<string?> SendAsync(string appId, JsonObject payload, CancellationToken cancellationToken) =>
        (await client.PostAsync(appId, "/cgi-bin/message/mass/preview", payload, cancellationToken)).ToJsonString();
}

internal static class SendingStartup
{
    public static void ConfigureServices(IServiceCollection services)
    {
        services.AddScoped<WeChatMessageSender>();
        services.AddScoped<IWeChatOutboxHandler, MassToOpenIdsHandler>();
        services.AddScoped<IWeChatOutboxHandler, MassPreviewHandler>();
    }
}
