using System.Globalization;
using System.Text;
using Lianjie.Core.Data;
using Lianjie.Core.Followers;
using Lianjie.Tags.Models;
using Npgsql;
using NpgsqlTypes;

namespace Lianjie.Tags.Services;

/// <summary>
/// Set-based SQL for many followers at once. Follower and tag ids are longs, so they are written
/// inline (no parameter limit, one plan per statement); every text value is a parameter.
/// </summary>
internal static class TagSql
{
    public const int RowsPerStatement = 500;

    public static string IdList(IEnumerable<long> ids) =>
        string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public static async Task<Dictionary<long, List<HeldTag>>> LoadHeldAsync(DbSession session, IReadOnlyCollection<long> followerIds, CancellationToken cancellationToken)
    {
        var held = new Dictionary<long, List<HeldTag>>();
        foreach (var chunk in followerIds.Chunk(5000))
        {
            await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
            command.CommandText = "SELECT ft.\"FollowerId\", ft.\"TagId\", t.\"GroupId\", t.\"Name\" FROM \"FollowerTags\" ft JOIN \"Tags\" t ON t.\"Id\" = ft.\"TagId\" " +
                "WHERE " + command.AddIdMatch("ft.\"FollowerId\"", chunk);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var followerId = reader.GetInt64(0);
                if (!held.TryGetValue(followerId, out var list))
                {
                    held[followerId] = list = [];
                }

                list.Add(new HeldTag(reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3)));
            }
        }

        return held;
    }

    /// <summary>Multi-row insert; a row already there (a concurrent add) is left as it is.</summary>
    public static async Task InsertAsync(DbSession session, IReadOnlyList<(long FollowerId, TagRecord Tag)> rows, DateTime now, TagChangeOrigin origin, CancellationToken cancellationToken)
    {
        if (!session.IsSqlite)
        {
            await InsertArraysAsync(session, rows, now, origin, cancellationToken);
            return;
        }

        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var sql = new StringBuilder("INSERT INTO \"FollowerTags\" (\"FollowerId\", \"TagId\", \"AppliedUtc\", \"ExpiresUtc\", \"Source\", \"By\", \"Reason\") VALUES ");
            await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
            var expiries = new Dictionary<long, string>();
            for (var i = start; i < Math.Min(rows.Count, start + RowsPerStatement); i++)
            {
                var (followerId, tag) = rows[i];
                if (!expiries.TryGetValue(tag.Id, out var expiry))
                {
                    expiry = tag.ExpiryDays is { } days ? "@e" + tag.Id.ToString(CultureInfo.InvariantCulture) : "NULL";
                    if (tag.ExpiryDays is { } d)
                    {
                        command.AddParameter(expiry[1..], now.AddDays(d));
                    }

                    expiries[tag.Id] = expiry;
                }

                sql.Append(i == start ? "(" : ",(")
                    .Append(followerId.ToString(CultureInfo.InvariantCulture)).Append(',')
                    .Append(tag.Id.ToString(CultureInfo.InvariantCulture)).Append(",@now,")
                    .Append(expiry).Append(",@src,@by,@reason)");
            }

            sql.Append(" ON CONFLICT (\"FollowerId\", \"TagId\") DO NOTHING");
            command.CommandText = sql.ToString();
            command.AddParameter("now", now);
            command.AddParameter("src", Cap(origin.Source, 100));
            command.AddParameter("by", Cap(origin.By, 200));
            command.AddParameter("reason", Cap(origin.Reason, 400));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// PostgreSQL: every row in one prepared INSERT … SELECT FROM unnest(arrays): one round trip and
    /// one plan per connection, where 500-row VALUES statements cost a parse and a round trip each.
    /// </summary>
    private static async Task InsertArraysAsync(DbSession session, IReadOnlyList<(long FollowerId, TagRecord Tag)> rows, DateTime now, TagChangeOrigin origin, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = await session.CreateCommandAsync(
            "INSERT INTO \"FollowerTags\" (\"FollowerId\", \"TagId\", \"AppliedUtc\", \"ExpiresUtc\", \"Source\", \"By\", \"Reason\") " +
            "SELECT f, t, @now, e, @src, @by, @reason FROM unnest(@f, @t, @e) AS d(f, t, e) ON CONFLICT (\"FollowerId\", \"TagId\") DO NOTHING",
            cancellationToken);
        command.Parameters.Add(new NpgsqlParameter("f", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.FollowerId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Tag.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("e", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => r.Tag.ExpiryDays is { } days ? now.AddDays(days) : (DateTime?)null).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
        command.AddParameter("src", Cap(origin.Source, 100));
        command.AddParameter("by", Cap(origin.By, 200));
        command.AddParameter("reason", Cap(origin.Reason, 400));
        await command.PrepareAsync(cancellationToken);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Re-applying a tag that expires starts its period again (活跃 stays while the follower is active).</summary>
    public static async Task RefreshExpiryAsync(DbSession session, TagRecord tag, IReadOnlyCollection<long> followerIds, DateTime now, CancellationToken cancellationToken)
    {
        if (tag.ExpiryDays is not { } days || followerIds.Count == 0)
        {
            return;
        }

        foreach (var chunk in followerIds.Chunk(5000))
        {
            await using var command = await session.CreateCommandAsync(
                $"UPDATE \"FollowerTags\" SET \"ExpiresUtc\" = @e WHERE \"TagId\" = {tag.Id} AND \"FollowerId\" IN ({IdList(chunk)})",
                cancellationToken);
            command.AddParameter("e", now.AddDays(days));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Deletes the tag from these followers; returns the followers that held it.</summary>
    public static async Task<List<long>> DeleteAsync(DbSession session, long tagId, IReadOnlyCollection<long> followerIds, CancellationToken cancellationToken)
    {
        var removed = new List<long>();
        foreach (var chunk in followerIds.Chunk(5000))
        {
            await using var command = await session.CreateCommandAsync(
                $"DELETE FROM \"FollowerTags\" WHERE \"TagId\" = {tagId} AND \"FollowerId\" IN ({IdList(chunk)}) RETURNING \"FollowerId\"",
                cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                removed.Add(reader.GetInt64(0));
            }
        }

        return removed;
    }

    public static async Task<List<long>> FollowersOfAsync(DbSession session, long tagId, long afterFollowerId, int max, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            $"SELECT \"FollowerId\" FROM \"FollowerTags\" WHERE \"TagId\" = {tagId} AND \"FollowerId\" > {afterFollowerId} ORDER BY \"FollowerId\" LIMIT {max}",
            cancellationToken);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public static async Task<HashSet<long>> HoldersAmongAsync(DbSession session, long tagId, IReadOnlyCollection<long> followerIds, CancellationToken cancellationToken)
    {
        var holders = new HashSet<long>();
        foreach (var chunk in followerIds.Chunk(5000))
        {
            await using var command = await session.CreateCommandAsync(
                $"SELECT \"FollowerId\" FROM \"FollowerTags\" WHERE \"TagId\" = {tagId} AND \"FollowerId\" IN ({IdList(chunk)})",
                cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                holders.Add(reader.GetInt64(0));
            }
        }

        return holders;
    }

    public static async Task<int> ExecuteAsync(DbSession session, string sql, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(sql, cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarAsync(DbSession session, string sql, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(sql, cancellationToken);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string? Cap(string? value, int max) => value is { Length: > 0 } && value.Length > max ? value[..max] : value;
}
