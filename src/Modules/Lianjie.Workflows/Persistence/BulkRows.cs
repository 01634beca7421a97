using Lianjie.Core.Data;
using Npgsql;
using NpgsqlTypes;

namespace Lianjie.Workflows.Persistence;

/// <summary>
/// Writes many rows with one statement shape, the cheapest way for each provider: PostgreSQL gets one
/// prepared INSERT … SELECT FROM unnest(one array per column) — one round trip and one plan per
/// connection, where multi-row VALUES with thousands of parameters cost a parse and plan per chunk;
/// SQLite, in process with no round trip but slow to bind many named parameters, gets one prepared
/// single-row statement executed once per row.
/// </summary>
internal static class BulkRows
{
    /// <param name="head">INSERT INTO … (columns)</param>
    /// <param name="tail">what follows the rows, e.g. ON CONFLICT …</param>
    /// <param name="columns">each column's type, in the order of <paramref name="head"/> and of every row's values</param>
    public static async Task ExecuteAsync(DbSession session, string head, string tail, IReadOnlyList<BulkColumn> columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (session.IsSqlite)
        {
            var names = Enumerable.Range(0, columns.Count).Select(c => $"@c{c}").ToArray();
            await using var command = await session.CreateCommandAsync($"{head} VALUES ({string.Join(", ", names)}) {tail}", cancellationToken);

            // Names with their prefix: Microsoft.Data.Sqlite then binds without trying each prefix in turn.
            var parameters = names.Select(n => command.AddParameter(n, null)).ToArray();
            await command.PrepareAsync(cancellationToken);
            foreach (var row in rows)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    parameters[c].Value = row[c] ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        var arrays = Enumerable.Range(0, columns.Count).Select(c => $"@a{c}");
        await using var insert = await session.CreateCommandAsync($"{head} SELECT * FROM unnest({string.Join(", ", arrays)}) {tail}", cancellationToken);
        for (var c = 0; c < columns.Count; c++)
        {
            insert.Parameters.Add(new NpgsqlParameter($"a{c}", NpgsqlDbType.Array | (NpgsqlDbType)columns[c]) { Value = ColumnArray(columns[c], rows, c) });
        }

        await insert.PrepareAsync(cancellationToken); // once per physical connection; later batches reuse the plan
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static Array ColumnArray(BulkColumn column, IReadOnlyList<object?[]> rows, int c) => column switch
    {
        BulkColumn.Bigint => rows.Select(r => r[c] is null ? (long?)null : Convert.ToInt64(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        BulkColumn.Integer => rows.Select(r => r[c] is null ? (int?)null : Convert.ToInt32(r[c], System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
        BulkColumn.TimestampTz => rows.Select(r => (DateTime?)r[c]).ToArray(),
        _ => rows.Select(r => (string?)r[c]).ToArray(),
    };
}

/// <summary>Column types of <see cref="BulkRows"/> (their values are PostgreSQL's <see cref="NpgsqlDbType"/>).</summary>
internal enum BulkColumn
{
    Bigint = NpgsqlDbType.Bigint,
    Integer = NpgsqlDbType.Integer,
    Text = NpgsqlDbType.Text,
    TimestampTz = NpgsqlDbType.TimestampTz,
}
