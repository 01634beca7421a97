using Lianjie.Core.Data;

namespace Lianjie.Workflows.Persistence;

/// <summary>
/// Writes many rows with one statement shape, the cheapest way for each provider: PostgreSQL gets
/// multi-row VALUES (one round trip per chunk); SQLite, in process with no round trip but slow to bind
/// many named parameters, gets one prepared single-row statement executed once per row.
/// </summary>
internal static class BulkRows
{
    private const int PostgresParametersPerStatement = 2000;

    /// <param name="head">INSERT INTO … (columns)</param>
    /// <param name="tail">what follows VALUES (…), e.g. ON CONFLICT …</param>
    public static async Task ExecuteAsync(DbSession session, string head, string tail, int columns, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (session.IsSqlite)
        {
            var names = Enumerable.Range(0, columns).Select(c => $"@c{c}").ToArray();
            await using var command = await session.CreateCommandAsync($"{head} VALUES ({string.Join(", ", names)}) {tail}", cancellationToken);

            // Names with their prefix: Microsoft.Data.Sqlite then binds without trying each prefix in turn.
            var parameters = names.Select(n => command.AddParameter(n, null)).ToArray();
            await command.PrepareAsync(cancellationToken);
            foreach (var row in rows)
            {
                for (var c = 0; c < columns; c++)
                {
                    parameters[c].Value = row[c] ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            return;
        }

        foreach (var chunk in rows.Chunk(Math.Max(1, PostgresParametersPerStatement / columns)))
        {
            var values = chunk.Select((_, r) => "(" + string.Join(", ", Enumerable.Range(0, columns).Select(c => $"@p{r}_{c}")) + ")");
            await using var command = await session.CreateCommandAsync($"{head} VALUES {string.Join(", ", values)} {tail}", cancellationToken);
            for (var r = 0; r < chunk.Length; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    command.AddParameter($"p{r}_{c}", chunk[r][c]);
                }
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
