using System.Data.Common;
using System.Globalization;
using Lianjie.Core.Data;

namespace Lianjie.Workflows.Persistence;

/// <summary>Small helpers over <see cref="DbSession"/> raw commands, shared by the stores.</summary>
internal static class SessionCommands
{
    public static async Task<DbCommand> CommandAsync(this DbSession session, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var command = await session.CreateCommandAsync(sql, cancellationToken);
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(this DbSession session, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await session.CommandAsync(sql, cancellationToken, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<long> ScalarLongAsync(this DbSession session, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await session.CommandAsync(sql, cancellationToken, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : 0;
    }

    public static async Task<List<T>> ListAsync<T>(this DbSession session, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = await session.CommandAsync(sql, cancellationToken, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(read(reader));
        }

        return items;
    }

    public static DateTime ReadUtc(this DbDataReader reader, int ordinal) => DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc);

    /// <summary>Runs <paramref name="work"/> in a transaction unless the caller already holds one (the reactor, a recipe import).</summary>
    public static async Task InTransactionAsync(this DbSession session, Func<Task> work, CancellationToken cancellationToken)
    {
        if (session.Transaction is not null)
        {
            await work();
            return;
        }

        await session.BeginTransactionAsync(cancellationToken);
        try
        {
            await work();
            await session.CommitAsync(cancellationToken);
        }
        catch
        {
            await session.RollbackAsync();
            throw;
        }
    }
}
