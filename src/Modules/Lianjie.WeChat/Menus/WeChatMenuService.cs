using System.Text.Json.Nodes;
using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Lianjie.WeChat.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.Menus;

/// <summary>Refused because the menu breaks WeChat's rules; <see cref="Issues"/> says where.</summary>
public sealed class WeChatMenuInvalidException(IReadOnlyList<WeChatMenuIssue> issues)
    : Exception("The menu is not valid: " + string.Join("; ", issues.Select(i => $"{i.Field}: {i.Message} ({i.Code})")))
{
    public IReadOnlyList<WeChatMenuIssue> Issues { get; } = issues;
}

/// <summary>The publish status an admin sees: what was queued, and what the outbox made of it.</summary>
public sealed record WeChatMenuStatus(string? Action, DateTime? QueuedUtc, string State, string? Error, DateTime? CompletedUtc);

/// <summary>
/// Custom menus: drafts are saved locally; publishing and deleting only queue the call on the
/// outbox (menu/create, menu/delete), which sends it with retry and rate limit.
/// </summary>
public sealed class WeChatMenuService(DbSession session, WeChatOutbox outbox, AuditLog audit, TimeProvider clock)
{
    public async Task<WeChatMenuRecord?> FindAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatMenuRecord>().AsNoTracking().FirstOrDefaultAsync(m => m.AppId == appId, cancellationToken);
    }

    public async Task<IReadOnlyList<WeChatMenuRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatMenuRecord>().AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>Validates and saves the draft; returns false when it was already exactly this.</summary>
    public async Task<bool> SaveDraftAsync(string appId, JsonObject menu, CancellationToken cancellationToken = default)
    {
        var issues = WeChatMenuValidator.Validate(menu);
        if (issues.Count > 0)
        {
            throw new WeChatMenuInvalidException(issues);
        }

        var json = menu.ToJsonString();
        await using var db = await session.CreateContextAsync(cancellationToken);
        var record = await db.Set<WeChatMenuRecord>().FirstOrDefaultAsync(m => m.AppId == appId, cancellationToken);
        if (record?.DraftJson == json)
        {
            return false;
        }

        if (record is null)
        {
            record = new WeChatMenuRecord { AppId = appId };
            db.Add(record);
        }

        record.DraftJson = json;
        record.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync("wechat.menu.save", appId, $"{menu["button"]?.AsArray().Count ?? 0} buttons", cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Queues menu/create with the saved draft (in one transaction with the record); returns the outbox item.</summary>
    public async Task<long> PublishAsync(string appId, CancellationToken cancellationToken = default)
    {
        var record = await FindAsync(appId, cancellationToken);
        var menu = record?.DraftJson is { } draft ? JsonNode.Parse(draft) as JsonObject : null;
        if (record is null || menu is null)
        {
            throw new WeChatMenuInvalidException([new("menu", 40016, "Save a menu before publishing it.")]);
        }

        var issues = WeChatMenuValidator.Validate(menu);
        if (issues.Count > 0)
        {
            throw new WeChatMenuInvalidException(issues);
        }

        var id = await QueueAsync(appId, WeChatOutboxKinds.Menu, menu, WeChatMenuRecord.Publish, record.DraftJson, cancellationToken);
        await audit.RecordAsync("wechat.menu.publish", appId, $"outbox {id}", cancellationToken: cancellationToken);
        return id;
    }

    /// <summary>Queues menu/delete; the draft stays so it can be published again.</summary>
    public async Task<long> DeleteAsync(string appId, CancellationToken cancellationToken = default)
    {
        var id = await QueueAsync(appId, WeChatOutboxKinds.MenuDelete, [], WeChatMenuRecord.Delete, null, cancellationToken);
        await audit.RecordAsync("wechat.menu.delete", appId, $"outbox {id}", cancellationToken: cancellationToken);
        return id;
    }

    public async Task<WeChatMenuStatus?> StatusAsync(WeChatMenuRecord? record, CancellationToken cancellationToken = default)
    {
        if (record?.LastOutboxId is not { } id)
        {
            return null;
        }

        var item = await outbox.FindAsync(id, cancellationToken);
        var state = item is null ? "unknown" : item.Status switch
        {
            WeChatOutboxStatus.Done => "done",
            WeChatOutboxStatus.Failed => "failed",
            _ => item.Attempts > 0 ? "retrying" : "queued",
        };
        return new WeChatMenuStatus(record.LastAction, record.LastActionUtc, state, item?.LastError, item?.CompletedUtc);
    }

    private async Task<long> QueueAsync(string appId, string kind, JsonObject payload, string action, string? published, CancellationToken cancellationToken)
    {
        // Joins the caller's transaction (a recipe import) when there is one.
        var own = session.Transaction is null;
        if (own)
        {
            await session.BeginTransactionAsync(cancellationToken);
        }

        try
        {
            var id = await outbox.EnqueueAsync(appId, kind, payload, cancellationToken: cancellationToken);
            await using var db = await session.CreateContextAsync(cancellationToken);
            var record = await db.Set<WeChatMenuRecord>().FirstOrDefaultAsync(m => m.AppId == appId, cancellationToken);
            if (record is null)
            {
                record = new WeChatMenuRecord { AppId = appId, UpdatedUtc = clock.GetUtcNow().UtcDateTime };
                db.Add(record);
            }

            record.PublishedJson = published;
            record.LastAction = action;
            record.LastOutboxId = id;
            record.LastActionUtc = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            if (own)
            {
                await session.CommitAsync(cancellationToken);
            }

            return id;
        }
        catch
        {
            if (own)
            {
                await session.RollbackAsync();
            }

            throw;
        }
    }
}
