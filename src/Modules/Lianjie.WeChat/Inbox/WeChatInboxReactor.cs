using System.Globalization;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Messages;
using Lianjie.WeChat.Reactors;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Inbox;

/// <summary>
/// Projects the inbox from the ledger, so it can be rebuilt: a follower's messages ("wechat.message")
/// open or extend their thread; customer-service requests ("wechat.message_requested", e.g. an
/// inbox reply) join it as outbound messages, linked to their outbox item by its dedupe key.
/// </summary>
public sealed class WeChatInboxReactor(DbSession session, IFollowerDirectory followers) : ILedgerReactor
{
    public const string ReactorName = "wechat.inbox";
    public const int PreviewLength = 200;

    public string Name => ReactorName;

    public IReadOnlySet<string>? EventTypes { get; } = new HashSet<string>([WeChatEventTypes.Message, MessageRequestReactor.RequestedEventType], StringComparer.Ordinal);

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var entries = new List<(string AppId, long FollowerId, string? OpenId, WeChatConversationMessage Message)>();
        foreach (var e in events)
        {
            if (e.FollowerId is not { } followerId)
            {
                continue;
            }

            if (e.Type == WeChatEventTypes.Message && e.Source == "wechat" && e.AccountId is { } appId)
            {
                var payload = e.PayloadObject();
                var (text, detail) = Describe(payload);
                var type = payload["MsgType"]?.ToString() ?? e.Subject ?? "text";
                entries.Add((appId, followerId, payload["FromUserName"]?.ToString(), new WeChatConversationMessage
                {
                    LedgerPosition = e.Position,
                    Direction = WeChatConversationMessage.Inbound,
                    MsgType = Cut(type, 20)!,
                    Text = Cut(text, 2000),
                    Detail = Cut(detail, 1100),
                    OccurredUtc = e.OccurredUtc,
                }));
            }
            else if (e.Type == MessageRequestReactor.RequestedEventType)
            {
                var request = e.PayloadObject();
                if (request["kind"]?.ToString() != "customer_service" || await followers.FindAsync(followerId, cancellationToken) is not { AccountId: { } account } follower)
                {
                    continue;
                }

                entries.Add((account, followerId, follower.OpenId, new WeChatConversationMessage
                {
                    LedgerPosition = e.Position,
                    Direction = WeChatConversationMessage.Outbound,
                    MsgType = "text",
                    Text = Cut(request["text"]?.ToString(), 2000),
                    OccurredUtc = e.OccurredUtc,
                    SentBy = Cut(request["by"]?.ToString(), 100),
                    // The key MessageRequestReactor gives the outbox item it queues for this event.
                    OutboxDedupeKey = "ledger:" + e.Position.ToString(CultureInfo.InvariantCulture),
                }));
            }
        }

        if (entries.Count > 0)
        {
            await AddAsync(entries, cancellationToken);
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatConversationMessage>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<WeChatConversation>().ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// One batch in a few plain statements, whatever its size: the reactor holds SQLite's write
    /// lock meanwhile, and callbacks wait for it to append.
    /// </summary>
    private async Task AddAsync(List<(string AppId, long FollowerId, string? OpenId, WeChatConversationMessage Message)> entries, CancellationToken cancellationToken)
    {
        var positions = entries.Select(x => x.Message.LedgerPosition).ToList();
        var recorded = await WeChatInboxStore.RecordedAsync(session, positions.Min(), positions.Max(), cancellationToken);
        var conversations = await WeChatInboxStore.ConversationsAsync(session, entries.Select(x => (x.AppId, x.FollowerId)), cancellationToken);
        var touched = new HashSet<WeChatConversation>(ReferenceEqualityComparer.Instance);
        var fresh = new List<(WeChatConversation Conversation, WeChatConversationMessage Message)>();
        foreach (var (appId, followerId, openId, message) in entries)
        {
            if (!recorded.Add(message.LedgerPosition))
            {
                continue; // already projected (a replay after a crash)
            }

            if (!conversations.TryGetValue((appId, followerId), out var conversation))
            {
                conversation = new WeChatConversation { AppId = appId, FollowerId = followerId, OpenId = openId ?? string.Empty, LastMessageUtc = message.OccurredUtc };
                conversations[(appId, followerId)] = conversation;
            }

            touched.Add(conversation);
            fresh.Add((conversation, message));
            conversation.MessageCount++;
            if (message.OccurredUtc >= conversation.LastMessageUtc)
            {
                conversation.LastMessageUtc = message.OccurredUtc;
                conversation.Preview = Cut(message.Text ?? "[" + message.MsgType + "]", PreviewLength);
            }

            if (message.Direction == WeChatConversationMessage.Inbound)
            {
                conversation.UnreadCount++;
                if (conversation.LastInboundUtc is null || message.OccurredUtc > conversation.LastInboundUtc)
                {
                    conversation.LastInboundUtc = message.OccurredUtc;
                }
            }
        }

        // New threads first, so their ids exist for the messages.
        await WeChatInboxStore.SaveConversationsAsync(session, touched, cancellationToken);
        foreach (var (conversation, message) in fresh)
        {
            message.ConversationId = conversation.Id;
        }

        await WeChatInboxStore.InsertMessagesAsync(session, fresh.Select(f => f.Message).ToList(), cancellationToken);
    }

    private static (string? Text, string? Detail) Describe(System.Text.Json.Nodes.JsonObject payload)
    {
        string? Field(string name) => payload[name]?.ToString();
        return Field("MsgType") switch
        {
            "text" => (Field("Content"), null),
            "image" => (null, Field("PicUrl")),
            "voice" => (Field("Recognition"), Field("Format")),
            "location" => (Field("Label"), $"{Field("Location_X")},{Field("Location_Y")}"),
            "link" => (Field("Title"), Field("Url")),
            _ => (null, Field("MediaId")),
        };
    }

    private static string? Cut(string? text, int max) => text is { } t && t.Length > max ? t[..max] : text;
}
