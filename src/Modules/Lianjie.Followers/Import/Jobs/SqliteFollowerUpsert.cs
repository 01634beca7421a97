using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lianjie.Core.Data;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>
/// SQLite: a chunk's upsert by openid as one INSERT … SELECT FROM json_each(@rows) … ON CONFLICT,
/// the rows passed as one JSON array. A prepared single-row statement executed per row spent more
/// in the provider's per-execution work than in SQLite; named parameters for thousands of rows
/// are worse still (SQLite looks them up by name, linearly).
/// </summary>
internal static class SqliteFollowerUpsert
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Follower ids and "Tags" columns by openid, or null when a value cannot travel as JSON (the caller then goes row by row).</summary>
    public static async Task<Dictionary<string, (long Id, string Tags)>?> TryRunAsync(DbSession session, string accountId, string insert, string onConflict, IReadOnlyList<FollowerImportRow> rows, JsonSerializerOptions profileJson, DateTime now, CancellationToken cancellationToken)
    {
        var json = TryJson(rows, profileJson, now);
        if (json is null)
        {
            return null;
        }

        await using var command = await session.CreateCommandAsync(
            insert +
            "SELECT @acc, value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, 'import', @now, value ->> 6, 0, 0, 0, 0, 0, value ->> 8, value ->> 7, 0 " +
            "FROM json_each(@rows) WHERE true ORDER BY key" + onConflict + " RETURNING \"Id\", \"OpenId\", \"Tags\"",
            cancellationToken);
        command.AddParameter("@acc", accountId);
        command.AddParameter("@now", now);
        command.AddParameter("@rows", json);
        var ids = new Dictionary<string, (long, string)>(rows.Count, StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids[reader.GetString(1)] = (reader.GetInt64(0), reader.GetString(2));
        }

        return ids;
    }

    /// <summary>[[openid, unionid, nickname, remark, subscribed, subscribedUtc, lastSeenUtc, "profile json", "|tags|"], …]</summary>
    private static string? TryJson(IReadOnlyList<FollowerImportRow> rows, JsonSerializerOptions profileJson, DateTime now)
    {
        using var buffer = new MemoryStream(rows.Count * 200);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, Options);
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                var subscribedUtc = row.SubscribeTime?.UtcDateTime;
                writer.WriteStartArray();
                writer.WriteStringValue(row.OpenId);
                Nullable(writer, row.UnionId);
                Nullable(writer, row.Nickname);
                Nullable(writer, row.Remark);
                writer.WriteBooleanValue(row.Subscribed ?? false);
                Nullable(writer, subscribedUtc is { } s ? SqliteText(s) : null);
                writer.WriteStringValue(SqliteText(subscribedUtc ?? now));
                writer.WriteStringValue(JsonSerializer.Serialize(row.ProfileFields, profileJson));
                writer.WriteStringValue(FollowerBatchWriter.InitialTags(row));
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

    /// <summary>The text Microsoft.Data.Sqlite stores for a DateTime parameter, so both paths write the same.</summary>
    private static string SqliteText(DateTime value) => value.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", CultureInfo.InvariantCulture);

    private static void Nullable(Utf8JsonWriter writer, string? value)
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
