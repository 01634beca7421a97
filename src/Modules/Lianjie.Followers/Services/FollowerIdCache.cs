using System.Collections.Concurrent;

namespace Lianjie.Followers.Services;

/// <summary>
/// (account, openid) → follower id for half a minute: every WeChat callback resolves its sender,
/// and the same followers write again and again. Only ids are kept (an openid's follower changes
/// only by erasure, which clears this host's cache; other hosts see it when entries expire).
/// </summary>
public sealed class FollowerIdCache
{
    private const int MaxEntries = 200_000;
    private static readonly long LifetimeMs = (long)TimeSpan.FromSeconds(30).TotalMilliseconds;
    private readonly ConcurrentDictionary<(string Account, string OpenId), (long Id, long ExpiresAt)> _entries = new();

    public bool TryGet(string account, string openId, out long id)
    {
        if (_entries.TryGetValue((account, openId), out var entry) && entry.ExpiresAt > Environment.TickCount64)
        {
            id = entry.Id;
            return true;
        }

        id = 0;
        return false;
    }

    public void Set(string account, string openId, long id)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear(); // a burst of new followers must not grow memory without bound
        }

        _entries[(account, openId)] = (id, Environment.TickCount64 + LifetimeMs);
    }

    public void Clear() => _entries.Clear();
}
