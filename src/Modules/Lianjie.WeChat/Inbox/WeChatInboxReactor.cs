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

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
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
                await AddAsync(appId, followerId, payload["FromUserName"]?.ToString(), new WeChatConversationMessage
                {
                    LedgerPosition = e.Position,
                    Direction = WeChatConversationMessage.Inbound,
                    MsgType = Cut(type, 20)!,
                    Text = Cut(text, 2000),
                    Detail = Cut(detail, 1100),
                    OccurredUtc = e.OccurredUtc,
                }, cancellationToken);
            }
            else if (e.Type == MessageRequestReactor.RequestedEventType)
            {
                var request = e.PayloadObject();
                if (request["kind"]?.ToString() != "customer_service" || await followers.FindAsync(followerId, cancellationToken) is not { AccountId: { } account } follower)
                {
                    continue;
                }

                await AddAsync(account, followerId, follower.OpenId, new WeChatConversationMessage
                {
                    LedgerPosition = e.Position,
                    Direction = WeChatConversationMessage.Outbound,
                    MsgType = "text",
                    Text = Cut(request["text"]?.ToString(), 2000),
                    OccurredUtc = e.OccurredUtc,
                    SentBy = Cut(request["by"]?.ToString(), 100),
                    // The key MessageRequestReactor gives the outbox item it queues for this event.
                    OutboxDedupeKey = "ledger:" + e.Position.ToString(CultureInfo.InvariantCulture),
                }, cancellationToken);
            }
        }
    }

    public async Task ResetAsync(CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatConversationMessage>().ExecuteDeleteAsync(cancellationToken);
        await db.Set<WeChatConversation>().ExecuteDeleteAsync(cancellationToken);
    }

    private async Task AddAsync(string appId, long followerId, string? openId, WeChatConversationMessage message, CancellationToken cancellationToken)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        if (await db.Set<WeChatConversationMessage>().AnyAsync(m => m.LedgerPosition == message.LedgerPosition, cancellationToken))
        {
            return;
        }

        var conversation = await db.Set<WeChatConversation>().FirstOrDefaultAsync(c => c.AppId == appId && c.FollowerId == followerId, cancellationToken);
        if (conversation is null)
        {
            conversation = new WeChatConversation { AppId = appId, FollowerId = followerId, OpenId = openId ?? string.Empty, LastMessageUtc = message.OccurredUtc };
            db.Add(conversation);
            await db.SaveChangesAsync(cancellationToken);
        }

        message.ConversationId = conversation.Id;
        db.Add(message);
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

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The readable text of a message and what else it carries (picture, place, link).</summary>
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
