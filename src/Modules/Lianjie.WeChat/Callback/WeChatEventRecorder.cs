using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Messages;

namespace Lianjie.WeChat.Callback;

/// <summary>Turns one verified inbound message into exactly one behaviour event for its follower.</summary>
public sealed class WeChatEventRecorder(IFollowerDirectory followers, IBehaviourLedger ledger)
{
    public const string Source = "wechat";

    /// <summary>The ledger's Subject column holds 200 characters.</summary>
    public const int MaxSubjectLength = 200;

    private const int MaxRawKeyLength = 200;

    public async Task<(long FollowerId, AppendResult Result)> RecordAsync(string appId, WeChatInboundMessage message, CancellationToken cancellationToken)
    {
        var followerId = await followers.ResolveIdAsync(appId, message.FromUserName, createIfMissing: true, cancellationToken)
            ?? throw new InvalidOperationException($"The follower directory did not create {appId}/{message.FromUserName}.");
        var draft = new BehaviourEventDraft(
            WeChatEventTypes.ForMessage(message),
            followerId,
            Truncate(Subject(message)),
            Payload(message),
            DateTimeOffset.FromUnixTimeSeconds(message.CreateTime).UtcDateTime,
            Source,
            DedupeKey(appId, message),
            appId);
        return (followerId, await ledger.AppendAsync(draft, cancellationToken));
    }

    /// <summary>
    /// The message's own key, scoped to the account (MsgIds are per account). Job-finish events
    /// carry their id as &lt;MsgID&gt;, so two jobs finishing in the same second stay distinct.
    /// </summary>
    public static string DedupeKey(string appId, WeChatInboundMessage message)
    {
        var key = message.MsgId is null && message.Fields.TryGetValue("MsgID", out var jobId) ? $"{message.DedupeKey}|{jobId}" : message.DedupeKey;
        // A VIEW event's key is a URL of up to 1 KB; the ledger keeps keys short, so long ones are hashed.
        if (key.Length > MaxRawKeyLength)
        {
            key = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        }

        return $"wechat:{appId}:{key}";
    }

    /// <summary>
    /// The QR scene of a subscribe/SCAN, the key of other events (menu clicks), the MsgType of a
    /// message. A plain subscribe has none, which the follower projection reads as "no channel".
    /// </summary>
    public static string? Subject(WeChatInboundMessage message)
    {
        if (!message.IsEvent)
        {
            return message.MsgType;
        }

        if (string.Equals(message.Event, "subscribe", StringComparison.OrdinalIgnoreCase))
        {
            return message.SceneFromEventKey;
        }

        return message.SceneFromEventKey ?? (string.IsNullOrEmpty(message.EventKey) ? null : message.EventKey);
    }

    private static string? Truncate(string? subject) =>
        subject is { Length: > MaxSubjectLength } ? subject[..MaxSubjectLength] : subject;

    private static JsonObject Payload(WeChatInboundMessage message)
    {
        var payload = new JsonObject();
        foreach (var (name, value) in message.Fields)
        {
            // The ciphertext of a compatible-mode body adds nothing once decrypted.
            if (name != "Encrypt")
            {
                payload[name] = value;
            }
        }

        if (message.SceneFromEventKey is { } scene)
        {
            payload["scene"] = scene;
        }

        return payload;
    }
}
