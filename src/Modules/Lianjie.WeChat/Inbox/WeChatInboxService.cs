using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Core.Ledger;
using Lianjie.WeChat.Outbox;
using Lianjie.WeChat.Reactors;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Inbox;

/// <summary>A reply WeChat would refuse (outside the 48-hour window) or an empty one; the message is shown to the admin.</summary>
public sealed class InboxReplyRefusedException(string message) : Exception(message);

public sealed record InboxPage(IReadOnlyList<WeChatConversation> Items, int Total, int Page, int Pages);

/// <summary>An outbound message's delivery, read from its outbox item.</summary>
public sealed record InboxMessageView(WeChatConversationMessage Message, string? Delivery, string? DeliveryError);

/// <summary>
/// The customer-service inbox: threads, read state and replies. A reply is a
/// "wechat.message_requested" ledger event; <see cref="MessageRequestReactor"/> queues it on the
/// outbox and the inbox reactor adds it to the thread — never a WeChat call in the request.
/// </summary>
public sealed class WeChatInboxService(DbSession session, IBehaviourLedger ledger, IFollowerDirectory followers, AuditLog audit, TimeProvider clock)
{
    public const int PageSize = 30;
    public const int MaxReplyLength = 1000;
    public const int MaxFollowerMatches = 500;

    public async Task<InboxPage> ListAsync(string? search, string? sort, int page, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var query = db.Set<WeChatConversation>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            // Nicknames live with the Followers module: ask it which followers match.
            var matching = new List<long>();
            await foreach (var id in followers.QueryIdsAsync(new FollowerFilter(Text: text), cancellationToken))
            {
                matching.Add(id);
                if (matching.Count >= MaxFollowerMatches)
                {
                    break;
                }
            }

            var withText = db.Set<WeChatConversationMessage>().Where(m => m.Text != null && m.Text.Contains(text)).Select(m => m.ConversationId);
            query = query.Where(c => c.OpenId.Contains(text) || matching.Contains(c.FollowerId) || withText.Contains(c.Id));
        }

        query = sort == "unread"
            ? query.OrderByDescending(c => c.UnreadCount).ThenByDescending(c => c.LastMessageUtc).ThenByDescending(c => c.Id)
            : query.OrderByDescending(c => c.LastMessageUtc).ThenByDescending(c => c.Id);
        var total = await query.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var current = Math.Clamp(page, 1, pages);
        var items = await query.Skip((current - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new InboxPage(items, total, current, pages);
    }

    public async Task<WeChatConversation?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatConversation>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>The latest messages of a thread, oldest first, with each reply's delivery; marks the thread read.</summary>
    public async Task<IReadOnlyList<InboxMessageView>> ThreadAsync(long conversationId, int take = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var messages = await db.Set<WeChatConversationMessage>().AsNoTracking().Where(m => m.ConversationId == conversationId)
            .OrderByDescending(m => m.OccurredUtc).ThenByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken);
        messages.Reverse();
        var keys = messages.Where(m => m.OutboxDedupeKey != null).Select(m => m.OutboxDedupeKey!).ToList();
        var items = await db.Set<WeChatOutboxItem>().AsNoTracking().Where(i => i.DedupeKey != null && keys.Contains(i.DedupeKey))
            .Select(i => new { i.DedupeKey, i.Status, i.Attempts, i.LastError }).ToListAsync(cancellationToken);
        await db.Set<WeChatConversation>().Where(c => c.Id == conversationId && c.UnreadCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnreadCount, 0), cancellationToken);
        return messages.Select(m =>
        {
            if (m.Direction != WeChatConversationMessage.Outbound)
            {
                return new InboxMessageView(m, null, null);
            }

            var item = items.FirstOrDefault(i => i.DedupeKey == m.OutboxDedupeKey);
            var delivery = item is null ? "queued" : item.Status switch
            {
                WeChatOutboxStatus.Done => "delivered",
                WeChatOutboxStatus.Failed => "failed",
                _ => item.Attempts > 0 ? "retrying" : "queued",
            };
            return new InboxMessageView(m, delivery, item?.LastError);
        }).ToList();
    }

    /// <summary>True when WeChat still accepts customer-service messages to this follower.</summary>
    public bool CanReply(WeChatConversation conversation) =>
        conversation.LastInboundUtc is { } last && clock.GetUtcNow().UtcDateTime - last < MessageRequestReactor.CustomerServiceWindow;

    /// <summary>Records the reply on the ledger (the outbox sends it); refuses outside WeChat's 48-hour window.</summary>
    public async Task<long> ReplyAsync(long conversationId, string text, string? by, CancellationToken cancellationToken = default)
    {
        var conversation = await FindAsync(conversationId, cancellationToken) ?? throw new KeyNotFoundException($"No conversation {conversationId}.");
        text = text.Trim();
        if (text.Length is 0 or > MaxReplyLength)
        {
            throw new InboxReplyRefusedException("A reply needs 1 to 1000 characters.");
        }

        if (!CanReply(conversation))
        {
            throw new InboxReplyRefusedException("WeChat only accepts replies within 48 hours of the follower's last message. Reach them with a template message instead.");
        }

        var result = await ledger.AppendAsync(new BehaviourEventDraft(
            MessageRequestReactor.RequestedEventType,
            conversation.FollowerId,
            Subject: "customer_service",
            Payload: new JsonObject { ["kind"] = "customer_service", ["text"] = text, ["by"] = by, ["origin"] = "inbox" },
            Source: "admin",
            AccountId: conversation.AppId), cancellationToken);
        await audit.RecordAsync("wechat.inbox.reply", $"{conversation.AppId}/{conversation.OpenId}", $"{text.Length} characters; ledger {result.Event.Position}", cancellationToken: cancellationToken);
        return result.Event.Position;
    }
}
