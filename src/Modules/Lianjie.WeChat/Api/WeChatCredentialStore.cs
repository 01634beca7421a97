using System.Globalization;
using Lianjie.Core.Data;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Api;

/// <summary>
/// Access tokens and JS-SDK tickets cached in one table for every host. Exactly one host refreshes
/// a credential: it claims a lease with a conditional UPDATE (which only succeeds while nobody holds
/// the lease and the value is still the one it saw); the others wait and read the new value.
/// With WeChat:Redis configured, the same cache lives in Redis instead (<see cref="WeChatRedisCredentialCache"/>).
/// </summary>
public sealed class WeChatCredentialStore(DbSession session, TimeProvider clock, ILogger<WeChatCredentialStore> logger, WeChatRedisConnection redis)
{
    /// <summary>Refresh this long before expiry, so no call ever carries a dying token.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan WaitStep = TimeSpan.FromMilliseconds(50);
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private WeChatRedisCredentialCache? _redisCache;

    /// <summary>
    /// A valid credential. <paramref name="rejected"/> is a value the platform just refused: it is
    /// refreshed unless another host has already replaced it.
    /// </summary>
    public async Task<string> GetAsync(string appId, string kind, Func<CancellationToken, Task<(string Value, int ExpiresInSeconds)>> fetch, string? rejected, CancellationToken cancellationToken)
    {
        if (redis.Configured)
        {
            return await (await RedisAsync()).GetAsync(appId, kind, fetch, rejected, cancellationToken);
        }

        var deadline = clock.GetUtcNow() + LeaseLength + LeaseLength;
        while (true)
        {
            var (value, expires) = await ReadAsync(appId, kind, cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            if (value is not null && value != rejected && expires - RefreshMargin > now)
            {
                return value;
            }

            if (await TryClaimAsync(appId, kind, value, now, cancellationToken))
            {
                return await RefreshAsync(appId, kind, fetch, cancellationToken);
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Waited too long for another host to refresh the {kind} of {appId}.");
            }

            await Task.Delay(WaitStep, cancellationToken);
        }
    }

    public async Task<long> RefreshCountAsync(string appId, string kind, CancellationToken cancellationToken = default)
    {
        if (redis.Configured)
        {
            return await (await RedisAsync()).RefreshCountAsync(appId, kind);
        }

        await using var command = await session.CreateCommandAsync("SELECT \"Refreshes\" FROM \"WeChatApiCredentials\" WHERE \"AppId\" = @a AND \"Kind\" = @k", cancellationToken);
        command.AddParameter("a", appId);
        command.AddParameter("k", kind);
        return await command.ExecuteScalarAsync(cancellationToken) is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
    }

    private async Task<WeChatRedisCredentialCache> RedisAsync() =>
        _redisCache ??= new WeChatRedisCredentialCache(await redis.DatabaseAsync(), redis.Prefix, clock, logger);

    private async Task<(string? Value, DateTime Expires)> ReadAsync(string appId, string kind, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync("SELECT \"Value\", \"ExpiresUtc\" FROM \"WeChatApiCredentials\" WHERE \"AppId\" = @a AND \"Kind\" = @k", cancellationToken);
        command.AddParameter("a", appId);
        command.AddParameter("k", kind);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.IsDBNull(0) ? null : reader.GetString(0), DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc))
            : (null, DateTime.MinValue);
    }

    private async Task<bool> TryClaimAsync(string appId, string kind, string? seen, DateTime now, CancellationToken cancellationToken)
    {
        await using (var insert = await session.CreateCommandAsync(
            "INSERT INTO \"WeChatApiCredentials\" (\"AppId\", \"Kind\", \"Value\", \"ExpiresUtc\", \"Refreshes\") VALUES (@a, @k, NULL, @e, 0) ON CONFLICT (\"AppId\", \"Kind\") DO NOTHING",
            cancellationToken))
        {
            insert.AddParameter("a", appId);
            insert.AddParameter("k", kind);
            insert.AddParameter("e", DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Utc));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        // Wins only if nobody holds a live lease and nobody replaced the value we saw.
        await using var claim = await session.CreateCommandAsync(
            "UPDATE \"WeChatApiCredentials\" SET \"LeaseOwner\" = @o, \"LeaseUntilUtc\" = @until " +
            "WHERE \"AppId\" = @a AND \"Kind\" = @k AND (\"LeaseUntilUtc\" IS NULL OR \"LeaseUntilUtc\" < @now) AND COALESCE(\"Value\", '') = @seen",
            cancellationToken);
        claim.AddParameter("o", _owner);
        claim.AddParameter("until", now + LeaseLength);
        claim.AddParameter("a", appId);
        claim.AddParameter("k", kind);
        claim.AddParameter("now", now);
        claim.AddParameter("seen", seen ?? string.Empty);
        return await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<string> RefreshAsync(string appId, string kind, Func<CancellationToken, Task<(string Value, int ExpiresInSeconds)>> fetch, CancellationToken cancellationToken)
    {
        (string Value, int ExpiresInSeconds) fresh;
        try
        {
            fresh = await fetch(cancellationToken);
        }
        catch
        {
            await ReleaseAsync(appId, kind);
            throw;
        }

        await using var command = await session.CreateCommandAsync(
            "UPDATE \"WeChatApiCredentials\" SET \"Value\" = @v, \"ExpiresUtc\" = @e, \"LeaseOwner\" = NULL, \"LeaseUntilUtc\" = NULL, \"Refreshes\" = \"Refreshes\" + 1 " +
            "WHERE \"AppId\" = @a AND \"Kind\" = @k",
            cancellationToken);
        command.AddParameter("v", fresh.Value);
        command.AddParameter("e", clock.GetUtcNow().UtcDateTime.AddSeconds(fresh.ExpiresInSeconds));
        command.AddParameter("a", appId);
        command.AddParameter("k", kind);
        await command.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Refreshed the {Kind} of {AppId}; valid for {Seconds} s", kind, appId, fresh.ExpiresInSeconds);
        return fresh.Value;
    }

    private async Task ReleaseAsync(string appId, string kind)
    {
        await using var command = await session.CreateCommandAsync(
            "UPDATE \"WeChatApiCredentials\" SET \"LeaseOwner\" = NULL, \"LeaseUntilUtc\" = NULL WHERE \"AppId\" = @a AND \"Kind\" = @k AND \"LeaseOwner\" = @o");
        command.AddParameter("a", appId);
        command.AddParameter("k", kind);
        command.AddParameter("o", _owner);
        await command.ExecuteNonQueryAsync();
    }
}
