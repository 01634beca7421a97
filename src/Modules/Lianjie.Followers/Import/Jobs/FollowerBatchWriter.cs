using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lianjie.Core.Data;
using Lianjie.Followers.Reactors;
using Npgsql;
using NpgsqlTypes;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>
/// Upserts validated rows with multi-row statements inside the caller's transaction: by openid
/// (within the account) with INSERT … ON CONFLICT, or by unionid for rows without an openid.
/// Blank cells never overwrite what is already known; profile fields are merged.
/// </summary>
internal sealed class FollowerBatchWriter(DbSession session, TimeProvider clock)
{
    /// <summary>Rows per INSERT; 10 parameters each stays far below SQLite's and PostgreSQL's limits.</summary>
    public const int RowsPerStatement = 500;

    private static readonly JsonSerializerOptions ProfileJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes the rows; returns follower ids by row number, each written follower's "Tags" column as it
    /// now stands (a new follower's holds the tags its row asks for), and the rows that could not be written.
    /// </summary>
    public async Task<(Dictionary<int, long> Ids, Dictionary<long, string> StoredTags, List<ImportRowError> Errors)> WriteAsync(string accountId, IReadOnlyList<FollowerImportRow> rows, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<int, long>();
        var storedTags = new Dictionary<long, string>();
        var errors = new List<ImportRowError>();
        var byOpenId = Merge(rows.Where(r => r.OpenId is not null), r => r.OpenId!);
        foreach (var group in byOpenId.GroupBy(m => m.Row.Subscribed is not null))
        {
            if (session.IsSqlite)
            {
                var rowsOfChunk = group.ToList();
                var upserted = await SqliteFollowerUpsert.TryRunAsync(session, accountId, Insert, OnConflict(group.Key), rowsOfChunk.Select(m => m.Row).ToList(), ProfileJson, clock.GetUtcNow().UtcDateTime, cancellationToken);
                if (upserted is not null)
                {
                    foreach (var merged in rowsOfChunk)
                    {
                        var (id, tags) = upserted[merged.Row.OpenId!];
                        storedTags[id] = tags;
                        foreach (var number in merged.RowNumbers)
                        {
                            ids[number] = id;
                        }
                    }

                    continue;
                }

                // A value JSON cannot carry (an unpaired surrogate): one prepared statement re-bound per row.
                var single = await PreparedUpsertAsync(accountId, setSubscribed: group.Key, cancellationToken);
                await using (single.Command)
                {
                    foreach (var merged in group)
                    {
                        var (id, tags) = single.Run(merged.Row, cancellationToken);
                        storedTags[id] = tags;
                        foreach (var number in merged.RowNumbers)
                        {
                            ids[number] = id;
                        }
                    }
                }

                continue;
            }

            // PostgreSQL: the whole chunk in one prepared statement over arrays (one round trip).
            var rowsOfGroup = group.ToList();
            var written = await UpsertByOpenIdArraysAsync(accountId, rowsOfGroup, setSubscribed: group.Key, cancellationToken);
            foreach (var merged in rowsOfGroup)
            {
                var (id, tags) = written[merged.Row.OpenId!];
                storedTags[id] = tags;
                foreach (var number in merged.RowNumbers)
                {
                    ids[number] = id;
                }
            }
        }

        var byUnionId = Merge(rows.Where(r => r.OpenId is null), r => r.UnionId!);
        if (byUnionId.Count > 0)
        {
            var known = await FindByUnionIdAsync(accountId, byUnionId.Select(m => m.Row.UnionId!).ToList(), cancellationToken);
            foreach (var merged in byUnionId)
            {
                if (!known.TryGetValue(merged.Row.UnionId!, out var id))
                {
                    errors.AddRange(merged.RowNumbers.Select(n => new ImportRowError(n, "unionid", "no follower has this unionid; add an openid column to create new followers")));
                    continue;
                }

                await UpdateByIdAsync(id, merged.Row, cancellationToken);
                foreach (var number in merged.RowNumbers)
                {
                    ids[number] = id;
                }
            }
        }

        return (ids, storedTags, errors);
    }

    /// <summary>
    /// The "Tags" column a new follower is inserted with: the tags its row asks for, which the tag service
    /// then applies in the same transaction (the importer corrects any follower whose result differs).
    /// </summary>
    internal static string InitialTags(FollowerImportRow row) => row.Tags.Count == 0 ? string.Empty : TagSet.With(string.Empty, row.Tags);

    /// <summary>
    /// PostgreSQL: INSERT … SELECT FROM unnest(arrays) … ON CONFLICT, the statement text independent
    /// of the row count, so it is parsed and planned once per connection and each chunk is one round
    /// trip with binary parameters (500-row VALUES lists cost a parse and 4,000 parameters each).
    /// </summary>
    private async Task<Dictionary<string, (long Id, string Tags)>> UpsertByOpenIdArraysAsync(string accountId, IReadOnlyList<MergedRow> rows, bool setSubscribed, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        command.AddParameter("acc", accountId);
        command.AddParameter("now", now);
        AddArray(command, "o", NpgsqlDbType.Text, rows.Select(m => m.Row.OpenId));
        AddArray(command, "u", NpgsqlDbType.Text, rows.Select(m => m.Row.UnionId));
        AddArray(command, "n", NpgsqlDbType.Text, rows.Select(m => m.Row.Nickname));
        AddArray(command, "r", NpgsqlDbType.Text, rows.Select(m => m.Row.Remark));
        AddArray(command, "s", NpgsqlDbType.Boolean, rows.Select(m => m.Row.Subscribed ?? false));
        AddArray(command, "st", NpgsqlDbType.TimestampTz, rows.Select(m => m.Row.SubscribeTime?.UtcDateTime));
        AddArray(command, "seen", NpgsqlDbType.TimestampTz, rows.Select(m => m.Row.SubscribeTime?.UtcDateTime ?? now));
        AddArray(command, "p", NpgsqlDbType.Text, rows.Select(m => JsonSerializer.Serialize(m.Row.ProfileFields, ProfileJson)));
        AddArray(command, "tg", NpgsqlDbType.Text, rows.Select(m => InitialTags(m.Row)));
        command.CommandText = Insert +
            "SELECT @acc, o, u, n, r, s, st, 'import', @now, seen, 0, 0, 0, 0, 0, tg, p, false " +
            "FROM unnest(@o, @u, @n, @r, @s, @st, @seen, @p, @tg) WITH ORDINALITY AS d(o, u, n, r, s, st, seen, p, tg, i) ORDER BY i" +
            OnConflict(setSubscribed) + " RETURNING \"Id\", \"OpenId\", \"Tags\"";
        await command.PrepareAsync(cancellationToken);
        var ids = new Dictionary<string, (long, string)>(rows.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(1)] = (reader.GetInt64(0), reader.GetString(2));
        }

        return ids;
    }

    private static void AddArray<T>(System.Data.Common.DbCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });

    private async Task<PreparedUpsert> PreparedUpsertAsync(string accountId, bool setSubscribed, CancellationToken cancellationToken)
    {
        var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
        // Names with their prefix: Microsoft.Data.Sqlite then binds without trying each prefix in turn.
        command.AddParameter("@acc", accountId);
        command.AddParameter("@no", false);
        command.AddParameter("@src", "import");
        var parameters = new[] { "now", "o0", "u0", "n0", "r0", "s0", "st0", "seen0", "p0", "tg0" }.ToDictionary(n => n, n => command.AddParameter("@" + n, null));
        command.CommandText = UpsertSql(1, setSubscribed) + " RETURNING \"Id\", \"Tags\"";
        await command.PrepareAsync(cancellationToken);
        return new PreparedUpsert(command, parameters, clock);
    }

    private const string Insert =
        "INSERT INTO \"Followers\" AS f (\"AccountId\", \"OpenId\", \"UnionId\", \"Nickname\", \"Remark\", \"Subscribed\", \"SubscribedUtc\", \"FirstSource\", \"FirstSeenUtc\", \"LastSeenUtc\", " +
        "\"Reads\", \"Shares\", \"Registrations\", \"Purchases\", \"PurchaseAmount\", \"Tags\", \"Profile\", \"AutomationOptOut\") ";

    private string UpsertSql(int rows, bool setSubscribed)
    {
        var sql = new StringBuilder(Insert).Append("VALUES ");
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? string.Empty : ",").Append($"(@acc,@o{i},@u{i},@n{i},@r{i},@s{i},@st{i},@src,@now,@seen{i},0,0,0,0,0,@tg{i},@p{i},@no)");
        }

        return sql.Append(OnConflict(setSubscribed)).ToString();
    }

    /// <summary>Blank cells never overwrite what is known; profile fields merge.</summary>
    private string OnConflict(bool setSubscribed)
    {
        var sql = new StringBuilder();
        var mergeProfile = session.IsSqlite
            ? "json_patch(f.\"Profile\", excluded.\"Profile\")"
            : "(f.\"Profile\"::jsonb || excluded.\"Profile\"::jsonb)::text";
        sql.Append(" ON CONFLICT (\"AccountId\", \"OpenId\") DO UPDATE SET ")
            .Append("\"UnionId\" = COALESCE(excluded.\"UnionId\", f.\"UnionId\"), ")
            .Append("\"Nickname\" = COALESCE(excluded.\"Nickname\", f.\"Nickname\"), ")
            .Append("\"Remark\" = COALESCE(excluded.\"Remark\", f.\"Remark\"), ")
            .Append("\"SubscribedUtc\" = COALESCE(excluded.\"SubscribedUtc\", f.\"SubscribedUtc\"), ")
            .Append(setSubscribed ? "\"Subscribed\" = excluded.\"Subscribed\", " : string.Empty)
            .Append("\"Profile\" = ").Append(mergeProfile);
        return sql.ToString();
    }

    private sealed class PreparedUpsert(System.Data.Common.DbCommand command, Dictionary<string, System.Data.Common.DbParameter> parameters, TimeProvider clock)
    {
        public System.Data.Common.DbCommand Command => command;

        public (long Id, string Tags) Run(FollowerImportRow row, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var subscribedUtc = row.SubscribeTime?.UtcDateTime;
            parameters["now"].Value = now;
            parameters["o0"].Value = row.OpenId;
            parameters["u0"].Value = (object?)row.UnionId ?? DBNull.Value;
            parameters["n0"].Value = (object?)row.Nickname ?? DBNull.Value;
            parameters["r0"].Value = (object?)row.Remark ?? DBNull.Value;
            parameters["s0"].Value = row.Subscribed ?? false;
            parameters["st0"].Value = (object?)subscribedUtc ?? DBNull.Value;
            parameters["seen0"].Value = subscribedUtc ?? now;
            parameters["p0"].Value = JsonSerializer.Serialize(row.ProfileFields, ProfileJson);
            parameters["tg0"].Value = InitialTags(row);
            // SQLite runs in-process and its async methods are synchronous anyway: skip the task per row.
            cancellationToken.ThrowIfCancellationRequested();
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetString(1));
        }
    }

    private async Task<Dictionary<string, long>> FindByUnionIdAsync(string accountId, IReadOnlyList<string> unionIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var chunk in unionIds.Chunk(RowsPerStatement))
        {
            await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
            var names = chunk.Select((u, i) =>
            {
                command.AddParameter($"u{i}", u);
                return $"@u{i}";
            }).ToList();
            command.AddParameter("acc", accountId);
            command.CommandText = $"SELECT \"Id\", \"UnionId\" FROM \"Followers\" WHERE \"ErasedUtc\" IS NULL AND (@acc = '' OR \"AccountId\" = @acc) AND \"UnionId\" IN ({string.Join(",", names)}) ORDER BY \"Id\" DESC";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                found[reader.GetString(1)] = reader.GetInt64(0); // the lowest id wins (read last)
            }
        }

        return found;
    }

    private async Task UpdateByIdAsync(long id, FollowerImportRow row, CancellationToken cancellationToken)
    {
        var mergeProfile = session.IsSqlite ? "json_patch(\"Profile\", @p)" : "(\"Profile\"::jsonb || @p::jsonb)::text";
        await using var command = await session.CreateCommandAsync(
            "UPDATE \"Followers\" SET \"Nickname\" = COALESCE(@n, \"Nickname\"), \"Remark\" = COALESCE(@r, \"Remark\"), " +
            "\"Subscribed\" = COALESCE(@s, \"Subscribed\"), \"SubscribedUtc\" = COALESCE(@st, \"SubscribedUtc\"), \"Profile\" = " + mergeProfile + " WHERE \"Id\" = @id",
            cancellationToken);
        command.AddParameter("n", row.Nickname);
        command.AddParameter("r", row.Remark);
        command.AddParameter("s", row.Subscribed);
        command.AddParameter("st", row.SubscribeTime?.UtcDateTime);
        command.AddParameter("p", JsonSerializer.Serialize(row.ProfileFields, ProfileJson));
        command.AddParameter("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rows naming the same follower twice in one chunk become one (later cells win), since one statement may touch a row once.</summary>
    private static List<MergedRow> Merge(IEnumerable<FollowerImportRow> rows, Func<FollowerImportRow, string> key)
    {
        var merged = new Dictionary<string, MergedRow>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var row in rows)
        {
            var k = key(row);
            if (!merged.TryGetValue(k, out var existing))
            {
                merged[k] = new MergedRow(row, [row.RowNumber]);
                order.Add(k);
                continue;
            }

            var profile = new Dictionary<string, string>(existing.Row.ProfileFields, StringComparer.Ordinal);
            foreach (var (name, value) in row.ProfileFields)
            {
                profile[name] = value;
            }

            merged[k] = new MergedRow(
                existing.Row with
                {
                    UnionId = row.UnionId ?? existing.Row.UnionId,
                    Nickname = row.Nickname ?? existing.Row.Nickname,
                    Remark = row.Remark ?? existing.Row.Remark,
                    Subscribed = row.Subscribed ?? existing.Row.Subscribed,
                    SubscribeTime = row.SubscribeTime ?? existing.Row.SubscribeTime,
                    Tags = existing.Row.Tags.Union(row.Tags, StringComparer.Ordinal).ToList(),
                    ProfileFields = profile,
                },
                [.. existing.RowNumbers, row.RowNumber]);
        }

        return order.Select(k => merged[k]).ToList();
    }

    private sealed record MergedRow(FollowerImportRow Row, IReadOnlyList<int> RowNumbers);
}
