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

    private IReadOnlyList<BehaviourEvent>? _preparedFor;
    private List<InboxEntry> _prepared = [];

    /// <summary>Payloads are parsed and rows shaped here, before the batch takes the write lock.</summary>
    public async Task PrepareAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        _prepared = await EntriesAsync(events, cancellationToken);
        _preparedFor = events;
    }

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var entries = ReferenceEquals(_preparedFor, events) ? _prepared : await EntriesAsync(events, cancellationToken);
        if (entries.Count > 0)
        {
            await AddAsync(entries, cancellationToken);
        }
    }

    private async Task<List<InboxEntry>> EntriesAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var entries = new List<InboxEntry>();
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
                entries.Add(new InboxEntry(appId, followerId, payload["FromUserName"]?.ToString(), new WeChatConversationMessage
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

                entries.Add(new InboxEntry(account, followerId, follower.OpenId, new WeChatConversationMessage
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

        return entries;
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatConversationMessage>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<WeChatConversation>().ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// One batch in a few plain statements, whatever its size: the reactor holds SQLite's write
    /// lock meanwhile, and callbacks wait for it to append. Threads are not read: each gets this
    /// batch's changes added in one upsert.
    /// </summary>
    private async Task AddAsync(List<InboxEntry> entries, CancellationToken cancellationToken)
    {
        var positions = entries.Select(x => x.Message.LedgerPosition).ToList();
        var recorded = await WeChatInboxStore.RecordedAsync(session, positions.Min(), positions.Max(), cancellationToken);
        var deltas = new Dictionary<(string AppId, long FollowerId), WeChatConversation>();
        var fresh = new List<(WeChatConversation Delta, WeChatConversationMessage Message)>();
        foreach (var (appId, followerId, openId, message) in entries)
        {
            if (!recorded.Add(message.LedgerPosition))
            {
                continue; // already projected (a replay after a crash)
            }

            if (!deltas.TryGetValue((appId, followerId), out var delta))
            {
                delta = new WeChatConversation { AppId = appId, FollowerId = followerId, OpenId = openId ?? string.Empty, LastMessageUtc = message.OccurredUtc };
                deltas[(appId, followerId)] = delta;
            }

            fresh.Add((delta, message));
            delta.MessageCount++;

            // The thread shows its newest message; within a batch, as against the stored thread, a later one wins a tie.
            if (message.OccurredUtc >= delta.LastMessageUtc)
            {
                delta.LastMessageUtc = message.OccurredUtc;
                delta.Preview = Cut(message.Text ?? "[" + message.MsgType + "]", PreviewLength);
            }

            if (message.Direction == WeChatConversationMessage.Inbound)
            {
                delta.UnreadCount++;
                if (delta.LastInboundUtc is null || message.OccurredUtc > delta.LastInboundUtc)
                {
                    delta.LastInboundUtc = message.OccurredUtc;
                }
            }
        }

        await WeChatInboxStore.UpsertConversationsAsync(session, deltas.Values.ToList(), cancellationToken);
        foreach (var (delta, message) in fresh)
        {
            message.ConversationId = delta.Id;
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

/// <summary>A message bound for a follower's thread with one account.</summary>
internal readonly record struct InboxEntry(string AppId, long FollowerId, string? OpenId, WeChatConversationMessage Message);
