using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Lianjie.WeChat.Outbox;

/// <summary>
/// Spaces calls per account on this host (configuration WeChat:Outbox:CallsPerSecond, default 20),
/// so a big batch never bursts into WeChat's frequency limits.
/// </summary>
public sealed class WeChatRateLimiter(IConfiguration configuration, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, SlotClock> _accounts = new(StringComparer.Ordinal);

    public double CallsPerSecond =>
        double.TryParse(configuration["WeChat:Outbox:CallsPerSecond"], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0 ? rate : 20;

    public async Task WaitAsync(string appId, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(1 / CallsPerSecond);
        var slot = _accounts.GetOrAdd(appId, _ => new SlotClock());
        DateTimeOffset mine;
        lock (slot)
        {
            var now = clock.GetUtcNow();
            mine = slot.Next > now ? slot.Next : now;
            slot.Next = mine + interval;
        }

        var wait = mine - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    private sealed class SlotClock
    {
        public DateTimeOffset Next { get; set; }
    }
}
