using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Lianjie.Core.Data;

/// <summary>
/// One connection (and optionally one transaction) per scope. A recipe import attaches every scope it
/// creates to one session so that all of its steps commit or roll back together.
/// </summary>
public sealed class DbSession(DbConnectionFactory factory, ShellModelKey modelKey, IServiceProvider services) : IAsyncDisposable
{
    private SharedConnection? _shared;
    private bool _borrowed;

    public DbConnectionFactory Factory => factory;

    public bool IsSqlite => factory.IsSqlite;

    public DbTransaction? Transaction => _shared?.Transaction;

    public async Task<DbConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        if (_shared is null)
        {
            _shared = new SharedConnection(await factory.OpenAsync(cancellationToken));
        }

        return _shared.Connection;
    }

    /// <summary>Makes this session use another session's connection and transaction.</summary>
    public void AttachTo(DbSession other)
    {
        if (_shared is not null && !_borrowed)
        {
            throw new InvalidOperationException("This session already owns a connection.");
        }

        _shared = other._shared ?? throw new InvalidOperationException("The other session has no open connection.");
        _borrowed = true;
    }

    public Task<DbTransaction> BeginTransactionAsync(CancellationToken cancellationToken = default) =>
        BeginTransactionAsync(CommitDurability.Synced, cancellationToken);

    /// <param name="durability">
    /// <see cref="CommitDurability.Rederivable"/> lets SQLite commit without its own fsync: for writes that
    /// can be rebuilt from the ledger (reactor batches with their checkpoint), see <see cref="CommitDurability"/>.
    /// </param>
    public async Task<DbTransaction> BeginTransactionAsync(CommitDurability durability, CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        if (_shared!.Transaction is not null)
        {
            throw new InvalidOperationException("A transaction is already running in this session.");
        }

        var turn = await factory.EnterWriteTurnAsync(cancellationToken);
        try
        {
            if (durability == CommitDurability.Rederivable && factory.IsSqlite)
            {
                await SetSynchronousAsync(connection, "NORMAL", cancellationToken);
                _shared.Relaxed = true;
            }

            _shared.Transaction = await connection.BeginTransactionAsync(cancellationToken);
        }
        catch
        {
            await RestoreSynchronousAsync();
            turn?.Dispose();
            throw;
        }

        _shared.WriteTurn = turn;
        return _shared.Transaction;
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_shared?.Transaction is { } tx)
        {
            try
            {
                await tx.CommitAsync(cancellationToken);
            }
            finally
            {
                await tx.DisposeAsync();
                await RestoreSynchronousAsync();
                _shared.EndTransaction();
            }
        }
    }

    public async Task RollbackAsync()
    {
        if (_shared?.Transaction is { } tx)
        {
            try
            {
                await tx.RollbackAsync();
            }
            finally
            {
                await tx.DisposeAsync();
                await RestoreSynchronousAsync();
                _shared.EndTransaction();
            }
        }
    }

    /// <summary>A new EF context on this session's connection, enlisted in its transaction.</summary>
    public async Task<LianjieDbContext> CreateContextAsync(CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var context = new LianjieDbContext(factory.IsSqlite ? SqliteContextOptions : PostgresContextOptions, modelKey, services);
        context.Database.SetDbConnection(connection);
        if (_shared!.Transaction is { } tx)
        {
            await context.Database.UseTransactionAsync(tx, cancellationToken);
        }

        return context;
    }

    // One options instance per provider, the connection set on each context: building options per
    // context made EF look its internal service provider up by comparing option sets every time.
    private static readonly DbContextOptions<LianjieDbContext> SqliteContextOptions = new DbContextOptionsBuilder<LianjieDbContext>()
        .UseSqlite().ReplaceService<IModelCacheKeyFactory, ShellModelCacheKeyFactory>().Options;

    private static readonly DbContextOptions<LianjieDbContext> PostgresContextOptions = new DbContextOptionsBuilder<LianjieDbContext>()
        .UseNpgsql().ReplaceService<IModelCacheKeyFactory, ShellModelCacheKeyFactory>().Options;

    public async Task<DbCommand> CreateCommandAsync(string sql, CancellationToken cancellationToken = default)
    {
        var connection = await GetConnectionAsync(cancellationToken);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _shared!.Transaction;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        if (_shared is not null && !_borrowed)
        {
            if (_shared.Transaction is not null)
            {
                await _shared.Transaction.DisposeAsync();
                await RestoreSynchronousAsync();
                _shared.EndTransaction();
            }

            await _shared.Connection.DisposeAsync();
        }

        _shared = null;
    }

    /// <summary>Back to fsync on commit before the pooled connection serves anyone else.</summary>
    private async Task RestoreSynchronousAsync()
    {
        if (_shared is { Relaxed: true } shared)
        {
            shared.Relaxed = false;
            await SetSynchronousAsync(shared.Connection, "FULL", CancellationToken.None);
        }
    }

    private static async Task SetSynchronousAsync(DbConnection connection, string level, CancellationToken cancellationToken)
    {
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=" + level;
        await pragma.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class SharedConnection(DbConnection connection)
    {
        public DbConnection Connection { get; } = connection;

        /// <summary>The running transaction commits without SQLite's fsync (restored when it ends).</summary>
        public bool Relaxed { get; set; }

        public DbTransaction? Transaction { get; set; }

        /// <summary>This process's turn at the SQLite write lock, held while the transaction runs.</summary>
        public IDisposable? WriteTurn { get; set; }

        public void EndTransaction()
        {
            Transaction = null;
            WriteTurn?.Dispose();
            WriteTurn = null;
        }
    }
}
