using System.Collections.Concurrent;

namespace Lianjie.WeChat.AutoReplies;

/// <summary>
/// Each account's reply rules for a few seconds: every text message and subscribe looks them up,
/// and they change rarely. Edits on this host clear the entry at once; other hosts see them when
/// it expires.
/// </summary>
public sealed class WeChatAutoReplyCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<WeChatAutoReply> Rules, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<WeChatAutoReply>> GetAsync(string appId, Func<Task<IReadOnlyList<WeChatAutoReply>>> load)
    {
        if (_entries.TryGetValue(appId, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            return entry.Rules;
        }

        var rules = await load();
        if (_entries.Count > 1_000)
        {
            _entries.Clear(); // accounts are few; this only guards against unbounded growth
        }

        _entries[appId] = (rules, clock.GetUtcNow() + Lifetime);
        return rules;
    }

    public void Remove(string appId) => _entries.TryRemove(appId, out _);
}
