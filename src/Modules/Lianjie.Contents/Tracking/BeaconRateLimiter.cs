using System.Collections.Concurrent;

namespace Lianjie.Contents.Tracking;

/// <summary>
/// At most <see cref="Limit"/> beacons per visitor per minute, in memory (a fixed one-minute window).
/// Enough to stop one phone flooding the ledger; several hosts each allow the limit.
/// </summary>
public sealed class BeaconRateLimiter(TimeProvider clock)
{
    public const int Limit = 20;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    public bool TryAcquire(string visitorId)
    {
        var now = clock.GetUtcNow();
        if (_counters.Count > 50_000)
        {
            foreach (var stale in _counters.Where(c => now - c.Value.Start > Window).Select(c => c.Key).ToList())
            {
                _counters.TryRemove(stale, out _);
            }
        }

        var counter = _counters.AddOrUpdate(
            visitorId,
            _ => new Counter(now, 1),
            (_, current) => now - current.Start > Window ? new Counter(now, 1) : current with { Count = current.Count + 1 });
        return counter.Count <= Limit;
    }

    private sealed record Counter(DateTimeOffset Start, int Count);
}
