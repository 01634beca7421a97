using Lianjie.Core.Data;
using Lianjie.WeChat.Messages;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>The welcome message and keyword replies of each account.</summary>
public sealed class WeChatAutoReplyService(DbSession session, WeChatAutoReplyCache cache)
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
            Validate(rule);
        }

        await using var db = await session.CreateContextAsync(cancellationToken);
        await db.Set<WeChatAutoReply>().Where(r => r.AppId == appId).ExecuteDeleteAsync(cancellationToken);
        var position = 0;
        db.AddRange(rules.Select(r => Normalised(r, appId, position++)));
        await db.SaveChangesAsync(cancellationToken);
        cache.Remove(appId);
    }

    /// <summary>The reply text for this message, if a text rule matches.</summary>
    public async Task<string?> FindReplyAsync(string appId, WeChatInboundMessage message, CancellationToken cancellationToken = default) =>
        await FindRuleAsync(appId, message, cancellationToken) is { ReplyKind: WeChatAutoReply.TextReply } rule ? rule.ReplyText : null;

    /// <summary>The first rule answering this message (the welcome for a subscribe, else a matching keyword).</summary>
    public async Task<WeChatAutoReply?> FindRuleAsync(string appId, WeChatInboundMessage message, CancellationToken cancellationToken = default)
    {
        var isSubscribe = message.IsEvent && string.Equals(message.Event, "subscribe", StringComparison.OrdinalIgnoreCase);
        var isText = string.Equals(message.MsgType, "text", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(message.Content);
        if (!isSubscribe && !isText)
        {
            return null;
        }

        var rules = await cache.GetAsync(appId, () => ListAsync(appId, cancellationToken));
        if (isSubscribe)
        {
            return rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Welcome);
        }

        var content = message.Content!.Trim();
        return rules.FirstOrDefault(r => r.Trigger == WeChatAutoReply.Keyword && r.Match is { } match
            && (r.Exact ? string.Equals(content, match, StringComparison.OrdinalIgnoreCase) : content.Contains(match, StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>Throws <see cref="ArgumentException"/> with an admin-readable message when the rule cannot be used.</summary>
    public static void Validate(WeChatAutoReply rule)
    {
        if (rule.Trigger is not (WeChatAutoReply.Welcome or WeChatAutoReply.Keyword))
        {
            throw new ArgumentException($"Unknown trigger '{rule.Trigger}'.");
        }

        if (rule.Trigger == WeChatAutoReply.Keyword && (string.IsNullOrWhiteSpace(rule.Match) || rule.Match.Trim().Length > 100))
        {
            throw new ArgumentException("A keyword rule needs its keyword (at most 100 characters).");
        }

        if (rule.ReplyKind == WeChatAutoReply.NewsReply)
        {
            if (string.IsNullOrWhiteSpace(rule.NewsTitle) || rule.NewsTitle.Trim().Length > 64)
            {
                throw new ArgumentException("A news reply needs a title of at most 64 characters.");
            }

            if (!IsWebUrl(rule.NewsUrl) || (!string.IsNullOrWhiteSpace(rule.NewsPicUrl) && !IsWebUrl(rule.NewsPicUrl)))
            {
                throw new ArgumentException("A news reply needs an article URL (and an optional picture URL) starting with http:// or https://.");
            }

            if (rule.NewsDescription is { Length: > 120 })
            {
                throw new ArgumentException("A news description has at most 120 characters.");
            }
        }
        else if (rule.ReplyKind != WeChatAutoReply.TextReply)
        {
            throw new ArgumentException($"Unknown reply kind '{rule.ReplyKind}'.");
        }
        else if (string.IsNullOrWhiteSpace(rule.ReplyText) || rule.ReplyText.Length > MaxReplyLength)
        {
            throw new ArgumentException($"A reply needs 1..{MaxReplyLength} characters of text.");
        }

        if (rule.TagName is { Length: > 100 })
        {
            throw new ArgumentException("A tag name has at most 100 characters.");
        }
    }

    private static bool IsWebUrl(string? url) =>
        Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && url!.Length <= 1024;

    private static WeChatAutoReply Normalised(WeChatAutoReply r, string appId, int position) => new()
    {
        AppId = appId,
        Trigger = r.Trigger,
        Match = r.Trigger == WeChatAutoReply.Keyword ? r.Match?.Trim() : null,
        Exact = r.Exact,
        ReplyKind = r.ReplyKind,
        ReplyText = r.ReplyKind == WeChatAutoReply.TextReply ? r.ReplyText : r.ReplyText ?? string.Empty,
        NewsTitle = Blank(r.NewsTitle),
        NewsDescription = Blank(r.NewsDescription),
        NewsPicUrl = Blank(r.NewsPicUrl),
        NewsUrl = Blank(r.NewsUrl),
        TagName = Blank(r.TagName),
        Position = position,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
