using System.Data.Common;
using System.Globalization;
using System.Text;
using Lianjie.Core.Data;
using Lianjie.Followers.Models;

namespace Lianjie.Followers.Reactors;

/// <summary>
/// Set-based reads and writes of the projected columns for a reactor batch: one query per 5,000
/// followers (row-locked on PostgreSQL), then one UPDATE per changed follower — a prepared statement
/// re-bound per row on SQLite (in-process, no round trips), one batched round trip on PostgreSQL.
/// </summary>
internal static class FollowerProjectionStore
{
    private const string Columns =
        "\"Id\", \"Subscribed\", \"SubscribedUtc\", \"UnsubscribedUtc\", \"FirstSource\", \"ReferrerFollowerId\", \"LastSeenUtc\", " +
        "\"Reads\", \"Shares\", \"Registrations\", \"Purchases\", \"PurchaseAmount\", \"Tags\"";

    private const string UpdateSql =
        "UPDATE \"Followers\" SET \"Subscribed\" = @s, \"SubscribedUtc\" = @su, \"UnsubscribedUtc\" = @uu, \"FirstSource\" = @fs, " +
        "\"ReferrerFollowerId\" = @ref, \"LastSeenUtc\" = @ls, \"Reads\" = @r, \"Shares\" = @sh, \"Registrations\" = @reg, " +
        "\"Purchases\" = @p, \"PurchaseAmount\" = @pa, \"Tags\" = @t WHERE \"Id\" = @id";

    private static readonly string[] ParameterNames = ["s", "su", "uu", "fs", "ref", "ls", "r", "sh", "reg", "p", "pa", "t", "id"];

    /// <summary>The projected columns of these followers (other columns are left default).</summary>
    public static async Task<Dictionary<long, FollowerRecord>> LoadAsync(DbSession session, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<long, FollowerRecord>(ids.Count);
        foreach (var chunk in ids.Chunk(5000))
        {
            // Ids are longs, written inline: no parameter limit. FOR UPDATE keeps a concurrent writer
            // (an import's upsert) from being overwritten by this read-modify-write; SQLite's
            // IMMEDIATE transaction already serialises writers.
            var sql = new StringBuilder("SELECT ").Append(Columns).Append(" FROM \"Followers\" WHERE \"Id\" IN (")
                .AppendJoin(',', chunk.Select(id => id.ToString(CultureInfo.InvariantCulture))).Append(')');
            if (!session.IsSqlite)
            {
                sql.Append(" FOR UPDATE");
            }

            await using var command = await session.CreateCommandAsync(sql.ToString(), cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new FollowerRecord
                {
                    Id = reader.GetInt64(0),
                    Subscribed = reader.GetBoolean(1),
                    SubscribedUtc = NullableUtc(reader, 2),
                    UnsubscribedUtc = NullableUtc(reader, 3),
                    FirstSource = reader.IsDBNull(4) ? null : reader.GetString(4),
                    ReferrerFollowerId = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                    LastSeenUtc = DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc),
                    Reads = reader.GetInt32(7),
                    Shares = reader.GetInt32(8),
                    Registrations = reader.GetInt32(9),
                    Purchases = reader.GetInt32(10),
                    PurchaseAmount = reader.GetDecimal(11),
                    Tags = reader.GetString(12),
                };
                rows[row.Id] = row;
            }
        }

        return rows;
    }

    public static async Task WriteAsync(DbSession session, IReadOnlyList<FollowerRecord> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }

        var connection = await session.GetConnectionAsync(cancellationToken);
        if (!session.IsSqlite && connection.CanCreateBatch)
        {
            foreach (var part in changed.Chunk(1000))
            {
                await using var batch = connection.CreateBatch();
                batch.Transaction = session.Transaction;
                foreach (var row in part)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = UpdateSql;
                    var values = Values(row);
                    for (var i = 0; i < ParameterNames.Length; i++)
                    {
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = ParameterNames[i];
                        parameter.Value = values[i];
                        command.Parameters.Add(parameter);
                    }

                    batch.BatchCommands.Add(command);
                }

                await batch.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        await using var update = await session.CreateCommandAsync(UpdateSql, cancellationToken);
        var bound = ParameterNames.Select(name => update.AddParameter(name, null)).ToArray();
        await update.PrepareAsync(cancellationToken);
        foreach (var row in changed)
        {
            var values = Values(row);
            for (var i = 0; i < bound.Length; i++)
            {
                bound[i].Value = values[i];
            }

            await update.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>What a batch may change, to skip rows an event left as they were (e.g. a tag already held).</summary>
    public static ProjectedState StateOf(FollowerRecord row) => new(
        row.Subscribed, row.SubscribedUtc, row.UnsubscribedUtc, row.FirstSource, row.ReferrerFollowerId, row.LastSeenUtc,
        row.Reads, row.Shares, row.Registrations, row.Purchases, row.PurchaseAmount, row.Tags);

    private static object[] Values(FollowerRecord row) =>
    [
        row.Subscribed, Db(row.SubscribedUtc), Db(row.UnsubscribedUtc), (object?)row.FirstSource ?? DBNull.Value,
        (object?)row.ReferrerFollowerId ?? DBNull.Value, Utc(row.LastSeenUtc), row.Reads, row.Shares, row.Registrations,
        row.Purchases, row.PurchaseAmount, row.Tags, row.Id,
    ];

    private static object Db(DateTime? value) => value is { } v ? Utc(v) : DBNull.Value;

    /// <summary>Stored as UTC, as the EF model's converter does.</summary>
    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();

    private static DateTime? NullableUtc(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    internal readonly record struct ProjectedState(
        bool Subscribed, DateTime? SubscribedUtc, DateTime? UnsubscribedUtc, string? FirstSource, long? ReferrerFollowerId, DateTime LastSeenUtc,
        int Reads, int Shares, int Registrations, int Purchases, decimal PurchaseAmount, string Tags);
}
