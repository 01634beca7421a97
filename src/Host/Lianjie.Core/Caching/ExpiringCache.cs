using System.Collections.Concurrent;

namespace Lianjie.Core.Caching;

/// <summary>
/// Values kept for a fixed time on this host. Edits here remove their entry at once; other hosts
/// see a change when the entry expires. Bounded: reaching the limit clears everything, so a flood
/// of new keys never grows memory.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeSpan lifetime, int maxEntries, TimeProvider clock)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Expires)> _entries = new();

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Expires > clock.GetUtcNow())
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        if (_entries.Count >= maxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = (value, clock.GetUtcNow() + lifetime);
    }

    public void Remove(TKey key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();
}
