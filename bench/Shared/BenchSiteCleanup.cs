using Npgsql;

/// <summary>Removes what a benchmark site left behind: its PostgreSQL database and its data folder.</summary>
internal static class BenchSiteCleanup
{
    public static async Task DeleteAsync(string? postgresServer, string? postgresName, string dataDir)
    {
        if (postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(postgresServer);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {postgresName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a pool being torn down; the folder is under the temp directory anyway.
        }
    }
}
