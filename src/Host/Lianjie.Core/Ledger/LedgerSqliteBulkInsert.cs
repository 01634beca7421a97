using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Lianjie.Core.Ledger;

/// <summary>
/// SQLite, many events at once (bulk tagging, imports): one INSERT … SELECT FROM json_each(@rows)
/// instead of one prepared statement executed per row. The rows go in as one JSON array, so the
/// statement text and its single parameter do not depend on the count, and the per-row cost is
/// SQLite's own (the per-execution overhead of the provider was more than half of a bulk append).
/// </summary>
internal static class LedgerSqliteBulkInsert
{
    /// <summary>Below this many rows the prepared single-row statement is as fast and simpler.</summary>
    public const int MinRows = 100;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Null when a value cannot travel as JSON (an unpaired surrogate): the caller inserts row by row.</summary>
    public static string? TryJson(IReadOnlyList<PreparedDraft> drafts)
    {
        using var buffer = new MemoryStream(drafts.Count * 256);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, Options);
            writer.WriteStartArray();
            foreach (var d in drafts)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(d.Type);
                if (d.FollowerId is { } followerId)
                {
                    writer.WriteNumberValue(followerId);
                }
                else
                {
                    writer.WriteNullValue();
                }

                WriteNullable(writer, d.AccountId);
                WriteNullable(writer, d.Subject);
                WriteNullable(writer, d.Payload);
                writer.WriteStringValue(SqliteText(d.OccurredUtc));
                writer.WriteStringValue(SqliteText(d.RecordedUtc));
                writer.WriteStringValue(d.Source);
                writer.WriteStringValue(d.DedupeKey);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }
        catch (ArgumentException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static async Task<Dictionary<string, long>> InsertAsync(DbConnection connection, DbTransaction transaction, string columns, string json, CancellationToken cancellationToken)
    {
        var inserted = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // "WHERE true" keeps SQLite from reading ON CONFLICT as part of the SELECT's join.
        command.CommandText = $"INSERT INTO \"LedgerEvents\" ({columns}) "
            + "SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7, value ->> 8 "
            + "FROM json_each(@rows) WHERE true ORDER BY key ON CONFLICT (\"DedupeKey\") DO NOTHING RETURNING \"Position\", \"DedupeKey\"";
        Data.DbCommandExtensions.AddParameter(command, "@rows", json);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted[reader.GetString(1)] = reader.GetInt64(0);
        }

        return inserted;
    }

    /// <summary>The text Microsoft.Data.Sqlite stores for a DateTime parameter, so both paths write the same.</summary>
    public static string SqliteText(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
