using System.Data.Common;
using System.Globalization;
using Lianjie.Core.Data;
using Lianjie.Followers.Models;

namespace Lianjie.Followers.Reactors;

/// <summary>
/// Set-based reads and writes of the projected columns for a reactor batch: one query per 5,000
/// followers (row-locked on PostgreSQL), then one UPDATE per changed follower — a prepared statement
/// re-bound per row on SQLite (in-process, no round trips), batched round trips on PostgreSQL.
/// </summary>
internal static class FollowerProjectionStore
{
    private const string Columns =
        "\"Id\", \"Subscribed\", \"SubscribedUtc\", \"UnsubscribedUtc\", \"FirstSource\", \"ReferrerFollowerId\", \"LastSeenUtc\", " +
        "\"Reads\", \"Shares\", \"Registrations\", \"Purchases\", \"PurchaseAmount\", \"Tags\"";

    /// <summary>The projected columns in update order; a statement sets only the ones a follower's events changed.</summary>
    private static readonly string[] ProjectedColumns =
        ["Subscribed", "SubscribedUtc", "UnsubscribedUtc", "FirstSource", "ReferrerFollowerId", "LastSeenUtc", "Reads", "Shares", "Registrations", "Purchases", "PurchaseAmount", "Tags"];

    private static readonly int TagsOnly = 1 << Array.IndexOf(ProjectedColumns, "Tags");

    /// <summary>The projected columns of these followers (other columns are left default).</summary>
    public static async Task<Dictionary<long, FollowerRecord>> LoadAsync(DbSession session, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<long, FollowerRecord>(ids.Count);
        foreach (var chunk in ids.Chunk(5000))
        {
            // FOR UPDATE keeps a concurrent writer (an import's upsert) from being overwritten by this
            // read-modify-write; SQLite's IMMEDIATE transaction already serialises writers.
            await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
            command.CommandText = $"SELECT {Columns} FROM \"Followers\" WHERE {command.AddIdMatch("\"Id\"", chunk)}" + (session.IsSqlite ? string.Empty : " FOR UPDATE");
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

    /// <summary>
    /// Writes only the columns that changed, grouped by which ones: bulk tagging changes just "Tags",
    /// so the indexed columns (last seen …) and their index entries are not rewritten.
    /// </summary>
    public static async Task WriteAsync(DbSession session, IReadOnlyList<(FollowerRecord Row, int ChangedColumns)> changed, CancellationToken cancellationToken)
    {
        var connection = await session.GetConnectionAsync(cancellationToken);
        foreach (var group in changed.GroupBy(c => c.ChangedColumns))
        {
            if (group.Key == TagsOnly && session.IsSqlite && await FollowerTagsColumn.TryWriteAsync(session, group.Select(c => (c.Row.Id, c.Row.Tags)).ToList(), cancellationToken))
            {
                // Bulk tagging and imports: thousands of followers whose only change is "Tags". (On
                // PostgreSQL one UPDATE … FROM unnest per batch made bulk jobs slower in A/B runs: the
                // batched statements below stay.)
                continue;
            }

            var columns = Enumerable.Range(0, ProjectedColumns.Length).Where(i => (group.Key & (1 << i)) != 0).ToArray();
            var sql = "UPDATE \"Followers\" SET " + string.Join(", ", columns.Select(i => $"\"{ProjectedColumns[i]}\" = @c{i}")) + " WHERE \"Id\" = @id";
            if (!session.IsSqlite && connection.CanCreateBatch)
            {
                // PostgreSQL: many statements in one round trip.
                foreach (var part in group.Chunk(1000))
                {
                    await using var batch = connection.CreateBatch();
                    batch.Transaction = session.Transaction;
                    foreach (var (row, _) in part)
                    {
                        var command = batch.CreateBatchCommand();
                        command.CommandText = sql;
                        var values = Values(row);
                        foreach (var i in columns)
                        {
                            command.Parameters.Add(Parameter(command.CreateParameter(), "c" + i.ToString(CultureInfo.InvariantCulture), values[i]));
                        }

                        command.Parameters.Add(Parameter(command.CreateParameter(), "id", row.Id));
                        batch.BatchCommands.Add(command);
                    }

                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                continue;
            }

            // SQLite is in-process: one prepared statement re-bound per row.
            await using var update = await session.CreateCommandAsync(sql, cancellationToken);
            var bound = columns.Select(i => update.AddParameter("c" + i.ToString(CultureInfo.InvariantCulture), null)).ToArray();
            var id = update.AddParameter("id", 0L);
            await update.PrepareAsync(cancellationToken);
            foreach (var (row, _) in group)
            {
                var values = Values(row);
                for (var k = 0; k < columns.Length; k++)
                {
                    bound[k].Value = values[columns[k]];
                }

                id.Value = row.Id;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>A bit per projected column whose value differs between the two states.</summary>
    public static int ChangedColumns(FollowerRecord before, FollowerRecord after)
    {
        var (a, b) = (Values(before), Values(after));
        var mask = 0;
        for (var i = 0; i < ProjectedColumns.Length; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                mask |= 1 << i;
            }
        }

        return mask;
    }

    private static DbParameter Parameter(DbParameter parameter, string name, object value)
    {
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    /// <summary>A copy of the projected columns, to compare with after the batch's events.</summary>
    public static FollowerRecord Copy(FollowerRecord row) => new()
    {
        Id = row.Id,
        Subscribed = row.Subscribed,
        SubscribedUtc = row.SubscribedUtc,
        UnsubscribedUtc = row.UnsubscribedUtc,
        FirstSource = row.FirstSource,
        ReferrerFollowerId = row.ReferrerFollowerId,
        LastSeenUtc = row.LastSeenUtc,
        Reads = row.Reads,
        Shares = row.Shares,
        Registrations = row.Registrations,
        Purchases = row.Purchases,
        PurchaseAmount = row.PurchaseAmount,
        Tags = row.Tags,
    };

    private static object[] Values(FollowerRecord row) =>
    [
        row.Subscribed, Db(row.SubscribedUtc), Db(row.UnsubscribedUtc), (object?)row.FirstSource ?? DBNull.Value,
        (object?)row.ReferrerFollowerId ?? DBNull.Value, Utc(row.LastSeenUtc), row.Reads, row.Shares, row.Registrations,
        row.Purchases, row.PurchaseAmount, row.Tags,
    ];

    private static object Db(DateTime? value) => value is { } v ? Utc(v) : DBNull.Value;

    /// <summary>Stored as UTC, as the EF model's converter does.</summary>
    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();

    private static DateTime? NullableUtc(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);
}
