using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.WeChat.Outbox;

/// <summary>
/// Queue outbound changes here instead of calling WeChat in a request: the processor sends them
/// with retry, backoff and a per-account rate limit. Enqueue inside your own transaction (same
/// <see cref="DbSession"/>) to make the change and its outbound call commit together.
/// </summary>
public sealed class WeChatOutbox(DbSession session, TimeProvider clock, IServiceProvider services)
{
    public async Task<long> EnqueueAsync(string appId, string kind, JsonObject payload, string? dedupeKey = null, CancellationToken cancellationToken = default)
    {
        // Handlers are resolved late: some of them enqueue follow-up items themselves.
        if (!WeChatOutboxKinds.All.Contains(kind) && !services.GetServices<IWeChatOutboxHandler>().Any(h => h.Kind == kind))
        {
            throw new ArgumentException($"Unknown outbox kind '{kind}'.", nameof(kind));
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        if (dedupeKey is not null && await db.Set<WeChatOutboxItem>().AsNoTracking().FirstOrDefaultAsync(i => i.DedupeKey == dedupeKey, cancellationToken) is { } existing)
        {
            return existing.Id;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var item = new WeChatOutboxItem
        {
            AppId = appId,
            Kind = kind,
            Payload = payload.ToJsonString(),
            DedupeKey = dedupeKey,
            Status = WeChatOutboxStatus.Pending,
            NextAttemptUtc = now,
            CreatedUtc = now,
        };
        db.Add(item);
        await db.SaveChangesAsync(cancellationToken);
        return item.Id;
    }

    public async Task<WeChatOutboxItem?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatOutboxItem>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }
}
