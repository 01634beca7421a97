using System.Security.Cryptography;
using Lianjie.WeChat.Accounts;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Callback;
using Lianjie.WeChat.Crypto;
using Lianjie.WeChat.Messages;
using Lianjie.WeChat.Simulator.Platform;

namespace Lianjie.WeChat.Simulator.Phone;

/// <summary>What a simulated user does on their phone.</summary>
public sealed record PhoneAction(string Kind, string AppId, string OpenId, string? Scene = null, string? Content = null, string? Key = null)
{
    public static readonly IReadOnlyList<string> Kinds = ["subscribe", "unsubscribe", "scan", "text", "click", "view"];
}

/// <summary>The site's answer: HTTP status, raw body and, for a passive reply, the reply XML (decrypted in safe mode).</summary>
public sealed record PhoneResult(int StatusCode, string Body, string? Reply);

/// <summary>
/// The simulator's "phone": turns a user action into the signed (and, per the account's mode,
/// encrypted) callback WeChat would send, and POSTs it over HTTP to the site's /wechat/{appId}.
/// </summary>
public sealed class SimulatorPhone(WeChatAccountService accounts, SimulatorPlatform platform, IHttpClientFactory httpClients, TimeProvider clock)
{
    public async Task<PhoneResult> SendAsync(Uri siteBase, PhoneAction action, CancellationToken cancellationToken = default)
    {
        var account = await accounts.GetKeysAsync(action.AppId, cancellationToken) ?? throw new ArgumentException($"No WeChat account {action.AppId}.");
        if (!account.Simulated)
        {
            throw new ArgumentException($"{action.AppId} is a real account; the simulator only speaks for simulated ones.");
        }

        if (string.IsNullOrWhiteSpace(action.OpenId) || action.OpenId.Length > 64)
        {
            throw new ArgumentException("An openid of 1..64 characters is needed.");
        }

        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var xml = Compose(action, "gh_" + account.AppId, now);

        // The platform changes its own state first, as WeChat does before it calls the site.
        if (action.Kind is "subscribe" or "unsubscribe")
        {
            await platform.UpsertFollowerAsync(account.AppId, action.OpenId, action.Kind == "subscribe", action.Scene, cancellationToken);
        }

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var callback = WeChatCallbackComposer.Compose(account, xml, now, nonce);
        var http = httpClients.CreateClient(WeChatApiClient.HttpClientName);
        using var response = await http.PostAsync(new Uri(siteBase, callback.PathAndQuery), new StringContent(callback.Body, System.Text.Encoding.UTF8, "text/xml"), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new PhoneResult((int)response.StatusCode, body, ReadReply(account, body));
    }

    public static string Compose(PhoneAction action, string toUser, long now) => action.Kind switch
    {
        "subscribe" => WeChatCallbackComposer.EventXml(toUser, action.OpenId, now, "subscribe", string.IsNullOrEmpty(action.Scene) ? null : "qrscene_" + action.Scene, string.IsNullOrEmpty(action.Scene) ? null : "SIMTICKET"),
        "unsubscribe" => WeChatCallbackComposer.EventXml(toUser, action.OpenId, now, "unsubscribe"),
        "scan" => WeChatCallbackComposer.EventXml(toUser, action.OpenId, now, "SCAN", Required(action.Scene, "scene"), "SIMTICKET"),
        "text" => WeChatCallbackComposer.TextXml(toUser, action.OpenId, now, Required(action.Content, "content"), RandomNumberGenerator.GetInt32(1, int.MaxValue) + (1L << 40)),
        "click" => WeChatCallbackComposer.EventXml(toUser, action.OpenId, now, "CLICK", Required(action.Key, "key")),
        "view" => WeChatCallbackComposer.EventXml(toUser, action.OpenId, now, "VIEW", Required(action.Key, "key")),
        _ => throw new ArgumentException($"Unknown action '{action.Kind}'; use {string.Join(", ", PhoneAction.Kinds)}."),
    };

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"This action needs a {name}.") : value;

    private static string? ReadReply(WeChatAccountKeys account, string body)
    {
        if (!body.StartsWith("<xml", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var envelope = WeChatXmlParser.ReadFields(body);
            return envelope.TryGetValue("Encrypt", out var encrypt) && account.EncodingAesKey is not null
                ? new WeChatMessageCipher(account.EncodingAesKey).Decrypt(encrypt, account.AppId).Message
                : body;
        }
        catch (Exception e) when (e is WeChatXmlException or WeChatCryptoException)
        {
            return body;
        }
    }
}
