using System.Globalization;
using Lianjie.Core.Data;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>
/// "IX_Followers_LastSeenUtc" around very large imports. Imported rows carry scattered dates, so each
/// chunk inserts all over that B-tree; dropping it for the import and building it once afterwards (a
/// sort) is cheaper when the import is at least as large as the table (SQLite, 1,000,000 rows in chunks
/// of 5,000: 48.7 s of inserts with the index, 33.3 s + 0.8 s to build it after). A crash in between
/// leaves a usable database without the index: the import worker builds it when it starts.
/// </summary>
internal static class LastSeenIndex
{
    public const string Name = "IX_Followers_LastSeenUtc";

    /// <summary>A conservative rows-per-byte guess for a file not yet read (a row is rarely under 60 bytes).</summary>
    private const int MinBytesPerRow = 60;

    /// <summary>Whether an import of this file should drop the index: large, and at least as large as the table.</summary>
    public static async Task<bool> WorthDroppingAsync(DbSession session, long fileBytes, long minRows, CancellationToken cancellationToken)
    {
        var estimatedRows = fileBytes / MinBytesPerRow;
        if (estimatedRows < minRows)
        {
            return false;
        }

        await using var command = await session.CreateCommandAsync("SELECT COUNT(*) FROM \"Followers\"", cancellationToken);
        var existing = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return estimatedRows >= existing;
    }

    public static Task DropAsync(DbSession session, CancellationToken cancellationToken) =>
        ExecuteAsync(session, $"DROP INDEX IF EXISTS \"{Name}\"", cancellationToken);

    /// <summary>Builds the index if it is missing (a no-op when it is there).</summary>
    public static Task EnsureAsync(DbSession session, CancellationToken cancellationToken) =>
        ExecuteAsync(session, $"CREATE INDEX IF NOT EXISTS \"{Name}\" ON \"Followers\" (\"LastSeenUtc\")", cancellationToken);

    public static async Task<bool> ExistsAsync(DbSession session, CancellationToken cancellationToken)
    {
        await using var command = await session.CreateCommandAsync(
            session.IsSqlite
                ? $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = '{Name}'"
                : $"SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = '{Name}'",
            cancellationToken);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>In a transaction of its own, so SQLite's in-process write turn is taken like any writer's.</summary>
    private static async Task ExecuteAsync(DbSession session, string sql, CancellationToken cancellationToken)
    {
        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var command = await session.CreateCommandAsync(sql, cancellationToken))
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }
}
