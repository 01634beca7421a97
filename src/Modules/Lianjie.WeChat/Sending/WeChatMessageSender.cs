using System.Globalization;
using System.Text.Json.Nodes;
using Lianjie.WeChat.Api;
using Lianjie.WeChat.Outbox;

namespace Lianjie.WeChat.Sending;

/// <summary>What a mass send carries: WeChat's msgtype ("text", "mpnews", "image", "voice", "mpvideo", "wxcard") and its body.</summary>
public sealed record WeChatMassContent(string MsgType, JsonObject Body)
{
    public static WeChatMassContent Text(string content) => new("text", new JsonObject { ["content"] = content });

    public static WeChatMassContent News(string mediaId) => new("mpnews", new JsonObject { ["media_id"] = mediaId });
}

/// <summary>
/// Template messages and mass sends (to a tag, to everybody, to a list of openids, and the preview
/// to one phone), checked against the platform's rules here and then queued on the outbox, which
/// sends them with retry, back-off (45009 waits an hour) and the per-account rate limit.
/// </summary>
public sealed class WeChatMessageSender(WeChatOutbox outbox)
{
    /// <summary>message/mass/send takes 2 to 10,000 openids per call.</summary>
    public const int MinMassOpenIds = 2;
    public const int MaxMassOpenIds = 10_000;

    public static readonly IReadOnlySet<string> MassTypes = new HashSet<string>(StringComparer.Ordinal) { "text", "mpnews", "image", "voice", "mpvideo", "wxcard" };

    /// <summary>A template message to one follower; <paramref name="data"/> fills the template's keywords.</summary>
    public Task<long> TemplateAsync(string appId, string openId, string templateId, IReadOnlyDictionary<string, string> data, string? url = null, string? dedupeKey = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(openId))
        {
            throw new ArgumentException("A template message needs the follower's openid.", nameof(openId));
        }

        if (string.IsNullOrWhiteSpace(templateId))
        {
            throw new ArgumentException("A template message needs its template id.", nameof(templateId));
        }

        var values = new JsonObject();
        foreach (var (key, value) in data)
        {
            values[key] = new JsonObject { ["value"] = value };
        }

        var body = new JsonObject { ["touser"] = openId, ["template_id"] = templateId, ["data"] = values };
        if (!string.IsNullOrWhiteSpace(url))
        {
            body["url"] = url;
        }

        return outbox.EnqueueAsync(appId, WeChatOutboxKinds.TemplateMessage, body, dedupeKey, cancellationToken);
    }

    /// <summary>A mass send to the followers carrying a WeChat tag, or to everybody when <paramref name="weChatTagId"/> is null.</summary>
    public Task<long> MassByTagAsync(string appId, long? weChatTagId, WeChatMassContent content, string clientMsgId, CancellationToken cancellationToken = default)
    {
        var body = Body(content, clientMsgId);
        body["filter"] = weChatTagId is { } tag ? new JsonObject { ["is_to_all"] = false, ["tag_id"] = tag } : new JsonObject { ["is_to_all"] = true };
        return outbox.EnqueueAsync(appId, WeChatOutboxKinds.MassMessage, body, "mass:" + appId + ":" + clientMsgId, cancellationToken);
    }

    /// <summary>A mass send to a list of 2 to 10,000 openids.</summary>
    public Task<long> MassByOpenIdsAsync(string appId, IReadOnlyCollection<string> openIds, WeChatMassContent content, string clientMsgId, CancellationToken cancellationToken = default)
    {
        var distinct = openIds.Where(o => !string.IsNullOrWhiteSpace(o)).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count is < MinMassOpenIds or > MaxMassOpenIds)
        {
            throw new WeChatLimitException(WeChatApiException.MassOpenIdCount, string.Create(CultureInfo.InvariantCulture, $"A mass send by openid goes to {MinMassOpenIds} to {MaxMassOpenIds:N0} followers; this list has {distinct.Count:N0}. Use a preview for one follower."));
        }

        var body = Body(content, clientMsgId);
        body["touser"] = new JsonArray(distinct.Select(o => (JsonNode)o).ToArray());
        return outbox.EnqueueAsync(appId, WeChatMassKinds.ToOpenIds, body, "mass:" + appId + ":" + clientMsgId, cancellationToken);
    }

    /// <summary>The preview of a mass send on one follower's phone (the marketer's own, typically).</summary>
    public Task<long> PreviewAsync(string appId, string openId, WeChatMassContent content, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(openId))
        {
            throw new ArgumentException("A preview needs the openid of the phone to show it on.", nameof(openId));
        }

        var body = Body(content, null);
        body["touser"] = openId;
        return outbox.EnqueueAsync(appId, WeChatMassKinds.Preview, body, null, cancellationToken);
    }

    private static JsonObject Body(WeChatMassContent content, string? clientMsgId)
    {
        if (!MassTypes.Contains(content.MsgType))
        {
            throw new ArgumentException($"'{content.MsgType}' is not a mass-send message type ({string.Join(", ", MassTypes)}).", nameof(content));
        }

        var body = new JsonObject { ["msgtype"] = content.MsgType, [content.MsgType] = content.Body.DeepClone() };
        if (clientMsgId is not null)
        {
            // WeChat drops a second mass send with the same clientmsgid (a retry after a lost answer).
            body["clientmsgid"] = clientMsgId;
        }

        return body;
    }
}
