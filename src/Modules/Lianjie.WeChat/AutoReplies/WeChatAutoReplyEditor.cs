using Lianjie.Core.Audit;
using Lianjie.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>One-rule-at-a-time changes for the admin page (recipes replace all rules at once instead). Every change is audited.</summary>
public sealed class WeChatAutoReplyEditor(DbSession session, AuditLog audit, WeChatAutoReplyCache cache)
{
    public async Task<WeChatAutoReply?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatAutoReply>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    /// <summary>Creates (Id 0) or updates a rule; an account has one welcome message, so a second one replaces it.</summary>
    public async Task<long> SaveAsync(WeChatAutoReply input, CancellationToken cancellationToken = default)
    {
        WeChatAutoReplyService.Validate(input);
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rules = db.Set<WeChatAutoReply>().Where(r => r.AppId == input.AppId);
        var rule = input.Id != 0
            ? await rules.FirstOrDefaultAsync(r => r.Id == input.Id, cancellationToken) ?? throw new KeyNotFoundException($"No auto-reply {input.Id}.")
            : input.Trigger == WeChatAutoReply.Welcome ? await rules.FirstOrDefaultAsync(r => r.Trigger == WeChatAutoReply.Welcome, cancellationToken) : null;
        var created = rule is null;
        if (rule is null)
        {
            rule = new WeChatAutoReply { AppId = input.AppId, Position = (await rules.MaxAsync(r => (int?)r.Position, cancellationToken) ?? -1) + 1 };
            db.Add(rule);
        }

        rule.Trigger = input.Trigger;
        rule.Match = input.Trigger == WeChatAutoReply.Keyword ? input.Match?.Trim() : null;
        rule.Exact = input.Exact;
        rule.ReplyKind = input.ReplyKind;
        rule.ReplyText = input.ReplyKind == WeChatAutoReply.TextReply ? input.ReplyText.Trim() : string.Empty;
        rule.NewsTitle = input.ReplyKind == WeChatAutoReply.NewsReply ? input.NewsTitle?.Trim() : null;
        rule.NewsDescription = input.ReplyKind == WeChatAutoReply.NewsReply ? Blank(input.NewsDescription) : null;
        rule.NewsPicUrl = input.ReplyKind == WeChatAutoReply.NewsReply ? Blank(input.NewsPicUrl) : null;
        rule.NewsUrl = input.ReplyKind == WeChatAutoReply.NewsReply ? Blank(input.NewsUrl) : null;
        rule.TagName = Blank(input.TagName);
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(input.AppId);
        await audit.RecordAsync(created ? "wechat.autoreply.create" : "wechat.autoreply.update", input.AppId, $"{rule.Id}: {rule.Trigger} {rule.Match} → {rule.ReplyKind}{(rule.TagName is null ? string.Empty : " + tag " + rule.TagName)}", cancellationToken: cancellationToken);
        return rule.Id;
    }

    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var rule = await db.Set<WeChatAutoReply>().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (rule is null)
        {
            return false;
        }

        db.Remove(rule);
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(rule.AppId);
        await audit.RecordAsync("wechat.autoreply.delete", rule.AppId, $"{rule.Id}: {rule.Trigger} {rule.Match}", cancellationToken: cancellationToken);
        return true;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
