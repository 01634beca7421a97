using Lianjie.Core.Data;
using Lianjie.WeChat.Messages;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>The welcome message and keyword replies of each account.</summary>
public sealed class WeChatAutoReplyService(DbSession session)
{
    /// <summary>WeChat shows at most 2048 bytes in a passive text reply; keep well under it.</summary>
    public const int MaxReplyLength = 600;

    public async Task<IReadOnlyList<WeChatAutoReply>> ListAsync(string appId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        return await db.Set<WeChatAutoReply>().AsNoTracking().Where(r => r.AppId == appId).OrderBy(r => r.Position).ThenBy(r => r.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Replaces all rules of an account (recipes are idempotent this way).</summary>
    public async Task ReplaceAsync(string appId, IReadOnlyList<WeChatAutoReply> rules, CancellationToken cancellationToken = default)
    {
        foreach (var rule in rules)
        {
            if (rule.Trigger is not (WeChatAutoReply.Welcome or WeChatAutoReply.Keyword))
            {
                throw new ArgumentException($"Unknown trigger '{rule.Trigger}'.");
            }

            if (rule.Trigger == WeChatAutoReply.Keyword && string.IsNullOrWhiteSpace(rule.Match))
            {
                throw new ArgumentException("A keyword rule needs its keyword.");
            }

            if (string.IsNullOrWhiteSpace(rule.ReplyText) || rule.ReplyText.Length > MaxReplyLength)
            {
                throw new ArgumentException($"A reply needs 1..{MaxReplyLength} characters of text.");
            }
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatAutoReply>().Where(r => r.AppId == appId).ExecuteDeleteAsync(cancellationToken);
        var position = 0;
        db.AddRange(rules.Select(r => new WeChatAutoReply { AppId = appId, Trigger = r.Trigger, Match = r.Match?.Trim(), Exact = r.Exact, ReplyText = r.ReplyText, Position = position++ }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The reply text for this message, if any rule matches.</summary>
    public async Task<string?> FindReplyAsync(string appId, WeChatInboundMessage message, CancellationToken cancellationToken = default)
    {
        var isSubscribe = message.IsEvent && string.Equals(message.Event, "subscribe", StringComparison.OrdinalIgnoreCase);
        var isText = string.Equals(message.MsgType, "text", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(message.Content);
        if (!isSubscribe && !isText)
        {
            return null;
        }

        var rules = await ListAsync(appId, cancellationToken);
        if (isSubscribe)
        {
            return rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Welcome)?.ReplyText;
        }

        var content = message.Content!.Trim();
        return rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Keyword && r.Match is { } match
            && (r.Exact ? string.Equals(content, match, StringComparison.OrdinalIgnoreCase) : content.Contains(match, StringComparison.OrdinalIgnoreCase)))?.ReplyText;
    }
}
