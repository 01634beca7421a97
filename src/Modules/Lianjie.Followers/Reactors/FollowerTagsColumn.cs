using System.Text;
using System.Text.Json;
using Lianjie.Core.Data;
using Npgsql;
using NpgsqlTypes;

namespace Lianjie.Followers.Reactors;

/// <summary>
/// Sets the "Tags" column of many followers with one statement per 5,000: SQLite joins the rows
/// from a JSON array (json_each), PostgreSQL from arrays (unnest). One UPDATE per follower cost
/// ~40 µs each on SQLite under the write lock during bulk tagging, most of it per-statement overhead.
/// </summary>
internal static class FollowerTagsColumn
{
    private const int RowsPerStatement = 5000;

    public static async Task WriteAsync(DbSession session, IReadOnlyList<(long Id, string Tags)> rows, CancellationToken cancellationToken)
    {
        foreach (var part in rows.Chunk(RowsPerStatement))
        {
            await using var command = await session.CreateCommandAsync(string.Empty, cancellationToken);
            if (session.IsSqlite)
            {
                command.CommandText = "UPDATE \"Followers\" SET \"Tags\" = j.value ->> 1 FROM json_each(@rows) AS j WHERE \"Followers\".\"Id\" = j.value ->> 0";
                command.AddParameter("@rows", Json(part));
            }
            else
            {
                command.CommandText = "UPDATE \"Followers\" AS f SET \"Tags\" = d.t FROM unnest(@ids, @tags) AS d(i, t) WHERE f.\"Id\" = d.i";
                command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = part.Select(r => r.Id).ToArray() });
                command.Parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = part.Select(r => r.Tags).ToArray() });
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>[[id, "tags"], …]</summary>
    private static string Json(IEnumerable<(long Id, string Tags)> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (id, tags) in rows)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(id);
                writer.WriteStringValue(tags);
                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
