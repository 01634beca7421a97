using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Lianjie.WeChat.Api;

/// <summary>
/// The Redis connection of the shared credential cache, when configuration WeChat:Redis (a
/// StackExchange.Redis configuration string, e.g. "redis1:6379,password=…") is set. One per shell,
/// connected on first use. Keys start with WeChat:RedisPrefix (default "lianjie:wechat:").
/// </summary>
public sealed class WeChatRedisConnection(IConfiguration configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public bool Configured => !string.IsNullOrWhiteSpace(configuration["WeChat:Redis"]);

    public string Prefix => configuration["WeChat:RedisPrefix"] is { Length: > 0 } prefix ? prefix : "lianjie:wechat:";

    public async Task<IDatabase> DatabaseAsync()
    {
        if (_connection is null)
        {
            await _connecting.WaitAsync();
            try
            {
                _connection ??= await ConnectionMultiplexer.ConnectAsync(configuration["WeChat:Redis"]!);
            }
            finally
            {
                _connecting.Release();
            }
        }

        return _connection.GetDatabase();
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }
}

/// <summary>
/// Access tokens and JS-SDK tickets in Redis, for every host of every site using the account: a
/// hash per credential (value, expiry, refresh count) and a lock key, so exactly one caller
/// refreshes (SET NX with a lease) while the others wait and read the new value. Same rules as the
/// database store: refresh before the margin, and a rejected value only if nobody replaced it.
/// </summary>
public sealed class WeChatRedisCredentialCache(IDatabase redis, string prefix, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(50);
    private readonly string _owner = Guid.NewGuid().ToString("N");

    public async Task<string> GetAsync(string appId, string kind, Func<CancellationToken, Task<(string Value, int ExpiresInSeconds)>> fetch, string? rejected, CancellationToken cancellationToken)
    {
        var key = Key(appId, kind);
        var deadline = clock.GetUtcNow() + WeChatCredentialStore.LeaseLength + WeChatCredentialStore.LeaseLength;
        while (true)
        {
            var (value, expires) = await ReadAsync(key);
            if (Usable(value, expires, rejected))
            {
                return value!;
            }

            if (await redis.LockTakeAsync(key + ":lock", _owner, WeChatCredentialStore.LeaseLength))
            {
                try
                {
                    // Someone may have refreshed between the read and the lock.
                    var (now, nowExpires) = await ReadAsync(key);
                    if (now != value && Usable(now, nowExpires, rejected))
                    {
                        return now!;
                    }

                    var fresh = await fetch(cancellationToken);
                    var until = clock.GetUtcNow().AddSeconds(fresh.ExpiresInSeconds);
                    await redis.HashSetAsync(key, [new("v", fresh.Value), new("e", until.ToUnixTimeMilliseconds())]);
                    await redis.HashIncrementAsync(key, "n");
                    await redis.KeyExpireAsync(key, until.UtcDateTime.AddDays(1));
                    logger.LogInformation("Refreshed the {Kind} of {AppId} in Redis; valid for {Seconds} s", kind, appId, fresh.ExpiresInSeconds);
                    return fresh.Value;
                }
                finally
                {
                    await redis.LockReleaseAsync(key + ":lock", _owner);
                }
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Waited too long for another host to refresh the {kind} of {appId}.");
            }

            await Task.Delay(WaitStep, cancellationToken);
        }
    }

    public async Task<long> RefreshCountAsync(string appId, string kind) =>
        (long?)await redis.HashGetAsync(Key(appId, kind), "n") ?? 0;

    private bool Usable(string? value, DateTimeOffset expires, string? rejected) =>
        value is not null && value != rejected && expires - WeChatCredentialStore.RefreshMargin > clock.GetUtcNow();

    private async Task<(string? Value, DateTimeOffset Expires)> ReadAsync(string key)
    {
        var fields = await redis.HashGetAsync(key, ["v", "e"]);
        return fields[0].IsNull
            ? (null, DateTimeOffset.MinValue)
            : (fields[0].ToString(), DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(fields[1].ToString(), CultureInfo.InvariantCulture)));
    }

    private string Key(string appId, string kind) => $"{prefix}cred:{appId}:{kind}";
}
