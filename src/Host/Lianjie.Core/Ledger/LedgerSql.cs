using System.Data.Common;
using System.Text;
using Lianjie.Core.Data;

namespace Lianjie.Core.Ledger;

/// <summary>The ledger's SQL, shared by the group-commit writer and in-transaction appends.</summary>
internal static class LedgerSql
{
    public const int MaxRowsPerStatement = 200;

    private const string Columns = "\"Type\", \"FollowerId\", \"AccountId\", \"Subject\", \"Payload\", \"OccurredUtc\", \"RecordedUtc\", \"Source\", \"DedupeKey\"";
    private const string SelectColumns = "\"Position\", " + Columns;

    public static string Select => $"SELECT {SelectColumns} FROM \"LedgerEvents\"";

    /// <summary>
    /// On PostgreSQL, identities are handed out before commit, so concurrent writers could commit
    /// out of order and a reactor would skip a row for ever. One transaction-scoped advisory lock
    /// makes ledger commits happen in position order (SQLite has a single writer anyway).
    /// </summary>
    public static async Task LockForAppendAsync(DbConnection connection, DbTransaction transaction, bool sqlite, CancellationToken cancellationToken)
    {
        if (sqlite)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(7311001)";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Inserts rows, skipping dedupe keys already present; returns the new rows by dedupe key.</summary>
    public static async Task<Dictionary<string, long>> InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PreparedDraft> drafts, CancellationToken cancellationToken)
    {
        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var start = 0; start < drafts.Count; start += MaxRowsPerStatement)
        {
            var chunk = drafts.Skip(start).Take(MaxRowsPerStatement).ToList();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO \"LedgerEvents\" ({Columns}) VALUES ");
            for (var i = 0; i < chunk.Count; i++)
            {
                var d = chunk[i];
                sql.Append(i == 0 ? "(" : ",(");
                sql.Append($"@t{i},@f{i},@a{i},@s{i},@p{i},@o{i},@r{i},@src{i},@k{i})");
                command.AddParameter($"t{i}", d.Type);
                command.AddParameter($"f{i}", d.FollowerId);
                command.AddParameter($"a{i}", d.AccountId);
                command.AddParameter($"s{i}", d.Subject);
                command.AddParameter($"p{i}", d.Payload);
                command.AddParameter($"o{i}", d.OccurredUtc);
                command.AddParameter($"r{i}", d.RecordedUtc);
                command.AddParameter($"src{i}", d.Source);
                command.AddParameter($"k{i}", d.DedupeKey);
            }

            sql.Append(" ON CONFLICT (\"DedupeKey\") DO NOTHING RETURNING \"Position\", \"DedupeKey\"");
            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inserted[reader.GetString(1)] = reader.GetInt64(0);
            }
        }

        return inserted;
    }

    /// <summary>
    /// One prepared single-row insert, re-bound per event: on SQLite this beats multi-row statements,
    /// whose cost grows with the square of their parameter count. Returns how many rows were new.
    /// </summary>
    public static async Task<int> InsertPreparedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<PreparedDraft> drafts, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"LedgerEvents\" ({Columns}) VALUES (@t,@f,@a,@s,@p,@o,@r,@src,@k) ON CONFLICT (\"DedupeKey\") DO NOTHING";
        var parameters = new[] { "t", "f", "a", "s", "p", "o", "r", "src", "k" }.Select(name => command.AddParameter(name, null)).ToArray();
        await command.PrepareAsync(cancellationToken);
        var inserted = 0;
        foreach (var d in drafts)
        {
            object?[] values = [d.Type, d.FollowerId, d.AccountId, d.Subject, d.Payload, d.OccurredUtc, d.RecordedUtc, d.Source, d.DedupeKey];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i] ?? DBNull.Value;
            }

            inserted += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return inserted;
    }

    public static async Task<Dictionary<string, BehaviourEvent>> FindByKeysAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, BehaviourEvent>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(MaxRowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var names = chunk.Select((key, i) =>
            {
                command.AddParameter($"k{i}", key);
                return $"@k{i}";
            });
            command.CommandText = $"{Select} WHERE \"DedupeKey\" IN ({string.Join(",", names)})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var e = Read(reader);
                found[e.DedupeKey] = e;
            }
        }

        return found;
    }

    public static BehaviourEvent Read(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetInt64(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : reader.GetString(5),
        DateTime.SpecifyKind(reader.GetDateTime(6), DateTimeKind.Utc),
        DateTime.SpecifyKind(reader.GetDateTime(7), DateTimeKind.Utc),
        reader.GetString(8),
        reader.GetString(9));
}

/// <summary>A draft with everything filled in, ready to insert.</summary>
internal sealed record PreparedDraft(string Type, long? FollowerId, string? AccountId, string? Subject, string? Payload, DateTime OccurredUtc, DateTime RecordedUtc, string Source, string DedupeKey)
{
    public static PreparedDraft From(BehaviourEventDraft draft, DateTime now)
    {
        if (!BehaviourEventTypes.IsWellFormed(draft.Type))
        {
            throw new ArgumentException($"'{draft.Type}' is not an event type: use lower-case dotted names such as 'commerce.purchase'.");
        }

        if (draft.DedupeKey is { Length: > 300 })
        {
            throw new ArgumentException("The dedupe key is longer than 300 characters.");
        }

        var occurred = draft.OccurredUtc is { } o ? (o.Kind == DateTimeKind.Utc ? o : o.ToUniversalTime()) : now;
        return new PreparedDraft(
            draft.Type,
            draft.FollowerId,
            draft.AccountId,
            draft.Subject,
            draft.Payload?.ToJsonString(),
            occurred,
            now,
            draft.Source,
            string.IsNullOrEmpty(draft.DedupeKey) ? "auto:" + Guid.NewGuid().ToString("N") : draft.DedupeKey);
    }

    public BehaviourEvent ToEvent(long position) =>
        new(position, Type, FollowerId, AccountId, Subject, Payload, OccurredUtc, RecordedUtc, Source, DedupeKey);
}
