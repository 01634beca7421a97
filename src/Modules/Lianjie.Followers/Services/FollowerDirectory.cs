using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Followers.Models;
using Microsoft.EntityFrameworkCore;

namespace Lianjie.Followers.Services;

/// <summary>Follower identity: (account, openid) is unique; unionid links one person across accounts.</summary>
public sealed class FollowerDirectory(DbSession session, TimeProvider clock, FollowerIdCache ids) : IFollowerDirectory
{
    public async Task<long?> ResolveIdAsync(string accountId, string openId, bool createIfMissing, CancellationToken cancellationToken = default)
    {
        if (ids.TryGet(accountId, openId, out var cached))
        {
            return cached;
        }

        if (await ResolveAsync(new FollowerKey(accountId, openId), createIfMissing, cancellationToken) is not { } resolution)
        {
            return null;
        }

        ids.Set(accountId, openId, resolution.Follower.Id);
        return resolution.Follower.Id;
    }

    public async Task<FollowerResolution?> ResolveAsync(FollowerKey key, bool createIfMissing, CancellationToken cancellationToken = default)
    {
        var account = key.AccountId ?? string.Empty;
        if (string.IsNullOrWhiteSpace(key.OpenId))
        {
            if (string.IsNullOrWhiteSpace(key.UnionId))
            {
                throw new ArgumentException("A follower needs an openId or a unionId.");
            }

            await using var byUnion = await session.CreateContextAsync(cancellationToken);
            var found = await byUnion.Set<FollowerRecord>().AsNoTracking()
                .Where(f => f.UnionId == key.UnionId && f.ErasedUtc == null && (key.AccountId == null || f.AccountId == account))
                .OrderBy(f => f.Id).FirstOrDefaultAsync(cancellationToken);
            return found is null ? null : new FollowerResolution(ToRef(found), false);
        }

        ValidateOpenId(key.OpenId);
        var existing = await FindByOpenIdAsync(account, key.OpenId, cancellationToken);
        if (existing is not null || !createIfMissing)
        {
            if (existing is not null && key.UnionId is not null && existing.UnionId is null)
            {
                await SetUnionIdAsync(existing.Id, key.UnionId, cancellationToken);
                existing = existing with { UnionId = key.UnionId };
            }

            return existing is null ? null : new FollowerResolution(existing, false);
        }

        // Concurrent first events for the same openid (WeChat retries) race here; the unique index decides.
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var insert = await session.CreateCommandAsync(
            "INSERT INTO \"Followers\" (\"AccountId\", \"OpenId\", \"UnionId\", \"Subscribed\", \"FirstSeenUtc\", \"LastSeenUtc\", \"Reads\", \"Shares\", \"Registrations\", \"Purchases\", \"PurchaseAmount\", \"Tags\", \"Profile\", \"AutomationOptOut\") " +
            "VALUES (@a, @o, @u, @s, @now, @now, 0, 0, 0, 0, 0, '', '{}', @f) ON CONFLICT (\"AccountId\", \"OpenId\") DO NOTHING",
            cancellationToken))
        {
            insert.AddParameter("a", account);
            insert.AddParameter("o", key.OpenId);
            insert.AddParameter("u", key.UnionId);
            insert.AddParameter("s", false);
            insert.AddParameter("now", now);
            insert.AddParameter("f", false);
            var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            var follower = await FindByOpenIdAsync(account, key.OpenId, cancellationToken)
                ?? throw new InvalidOperationException("The follower vanished right after it was created.");
            return new FollowerResolution(follower, created);
        }
    }

    public async Task<FollowerRef?> FindAsync(long followerId, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var found = await db.Set<FollowerRecord>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == followerId, cancellationToken);
        return found is null ? null : ToRef(found);
    }

    public async IAsyncEnumerable<long> QueryIdsAsync(FollowerFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var after = filter.AfterFollowerId;
        while (true)
        {
            List<long> page;
            await using (var db = await session.CreateContextAsync(cancellationToken))
            {
                page = await FollowerQueries.Apply(db.Set<FollowerRecord>().AsNoTracking(), filter)
                    .Where(f => f.Id > after).OrderBy(f => f.Id).Select(f => f.Id).Take(5000).ToListAsync(cancellationToken);
            }

            foreach (var id in page)
            {
                yield return id;
            }

            if (page.Count < 5000)
            {
                yield break;
            }

            after = page[^1];
        }
    }

    public async Task SetProfileFieldAsync(long followerId, string field, string? value, string source, CancellationToken cancellationToken = default)
    {
        await using var db = await session.CreateContextAsync(cancellationToken);
        var follower = await db.Set<FollowerRecord>().FirstOrDefaultAsync(f => f.Id == followerId, cancellationToken)
            ?? throw new KeyNotFoundException($"Follower {followerId} not found.");
        var profile = JsonNode.Parse(follower.Profile) as JsonObject ?? [];
        if (value is null)
        {
            profile.Remove(field);
        }
        else
        {
            profile[field] = value;
        }

        follower.Profile = profile.ToJsonString();
        await db.SaveChangesAsync(cancellationToken);
    }

    public static void ValidateOpenId(string openId)
    {
        if (openId.Length > 64 || openId.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException("An openId has at most 64 characters and no spaces.");
        }
    }

    // Every callback and API event resolves its follower here, so it is plain SQL reading four columns.
    private async Task<FollowerRef?> FindByOpenIdAsync(string account, string openId, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            "SELECT \"Id\", \"UnionId\" FROM \"Followers\" WHERE \"AccountId\" = @a AND \"OpenId\" = @o", cancellationToken);
        command.AddParameter("a", account);
        command.AddParameter("o", openId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new FollowerRef(reader.GetInt64(0), account, openId, reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    private async Task SetUnionIdAsync(long id, string unionId, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync("UPDATE \"Followers\" SET \"UnionId\" = @u WHERE \"Id\" = @id AND \"UnionId\" IS NULL", cancellationToken);
        command.AddParameter("u", unionId);
        command.AddParameter("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static FollowerRef ToRef(FollowerRecord f) => new(f.Id, f.AccountId, f.OpenId, f.UnionId);
}

/// <summary>The filter shared by the admin list, bulk actions, exports and the API.</summary>
public static class FollowerQueries
{
    public static IQueryable<FollowerRecord> Apply(IQueryable<FollowerRecord> query, FollowerFilter filter)
    {
        query = query.Where(f => f.ErasedUtc == null);
        if (!string.IsNullOrWhiteSpace(filter.AccountId))
        {
            query = query.Where(f => f.AccountId == filter.AccountId);
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(f => f.OpenId == text || f.UnionId == text || (f.Nickname != null && f.Nickname.Contains(text)) || (f.Remark != null && f.Remark.Contains(text)) || f.Profile.Contains(text));
        }

        foreach (var tag in filter.Tags ?? [])
        {
            var marker = "|" + tag + "|";
            query = query.Where(f => f.Tags.Contains(marker));
        }

        if (filter.Subscribed is { } subscribed)
        {
            query = query.Where(f => f.Subscribed == subscribed);
        }

        if (!string.IsNullOrWhiteSpace(filter.Source))
        {
            query = query.Where(f => f.FirstSource != null && f.FirstSource.StartsWith(filter.Source));
        }

        if (filter.ActiveSinceUtc is { } since)
        {
            query = query.Where(f => f.LastSeenUtc >= since);
        }

        return query;
    }
}
