using System.Collections.Concurrent;

namespace Lianjie.WeChat.Accounts;

/// <summary>
/// Unprotected account keys per AppId for a few seconds: callbacks arrive in bursts and each one
/// would otherwise read and unprotect the row. Edits on this host clear it at once; other hosts
/// see them when the entry expires. Unknown AppIds are cached too, so probes stay cheap.
/// </summary>
public sealed class WeChatAccountCache(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (WeChatAccountKeys? Keys, DateTimeOffset Expires)> _entries = new(StringComparer.Ordinal);

    public bool TryGet(string appId, out WeChatAccountKeys? keys)
    {
        if (_entries.TryGetValue(appId, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            keys = entry.Keys;
            return true;
        }

        keys = null;
        return false;
    }

    public void Set(string appId, WeChatAccountKeys? keys)
    {
        // Bounded: a flood of random AppIds must not grow memory without limit.
        if (_entries.Count > 10_000)
        {
            _entries.Clear();
        }

        _entries[appId] = (keys, clock.GetUtcNow() + Lifetime);
    }

    public void Remove(string appId) => _entries.TryRemove(appId, out _);
}
