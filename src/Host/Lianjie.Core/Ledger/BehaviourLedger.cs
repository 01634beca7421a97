using Lianjie.Core.Data;

namespace Lianjie.Core.Ledger;

internal sealed class BehaviourLedger(LedgerWriter writer, DbSession session, LedgerSignal signal, TimeProvider clock) : IBehaviourLedger
{
    public Task<AppendResult> AppendAsync(BehaviourEventDraft draft, CancellationToken cancellationToken = default) =>
        writer.AppendAsync(draft, cancellationToken);

    public async Task<AppendResult> AppendInTransactionAsync(DbSession transactionSession, BehaviourEventDraft draft, CancellationToken cancellationToken = default)
    {
        var transaction = transactionSession.Transaction ?? throw new InvalidOperationException("AppendInTransactionAsync needs an open transaction on the session.");
        var connection = await transactionSession.GetConnectionAsync(cancellationToken);
        var prepared = PreparedDraft.From(draft, clock.GetUtcNow().UtcDateTime);
        var inserted = await LedgerSql.LockAndInsertAsync(connection, transaction, [prepared], cancellationToken);
        if (inserted.TryGetValue(prepared.DedupeKey, out var position))
        {
            // Reactors see it after the caller commits; the pulse only shortens their wait.
            signal.Pulse();
            return new AppendResult(prepared.ToEvent(position), true);
        }

        var existing = await LedgerSql.FindByKeysAsync(connection, transaction, [prepared.DedupeKey], cancellationToken);
        return new AppendResult(existing[prepared.DedupeKey], false);
    }

    public async Task<int> AppendManyInTransactionAsync(DbSession transactionSession, IReadOnlyList<BehaviourEventDraft> drafts, CancellationToken cancellationToken = default)
    {
        if (drafts.Count == 0)
        {
            return 0;
        }

        var transaction = transactionSession.Transaction ?? throw new InvalidOperationException("AppendManyInTransactionAsync needs an open transaction on the session.");
        var connection = await transactionSession.GetConnectionAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var prepared = drafts.Select(d => PreparedDraft.From(d, now)).ToList();
        var inserted = await LedgerSql.LockAndInsertManyAsync(connection, transaction, prepared, cancellationToken);
        signal.Pulse();
        return inserted.Count;
    }

    public Task<int> AnonymiseFollowerInTransactionAsync(DbSession transactionSession, long followerId, CancellationToken cancellationToken = default) =>
        transactionSession.Transaction is null
            ? throw new InvalidOperationException("AnonymiseFollowerInTransactionAsync needs an open transaction on the session.")
            : LedgerAnonymiser.AnonymiseFollowerAsync(transactionSession, followerId, cancellationToken);

    public async Task<IReadOnlyList<BehaviourEvent>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken = default)
    {
        await using var command = await session.CreateCommandAsync($"{LedgerSql.Select} WHERE \"Position\" > @p ORDER BY \"Position\" LIMIT {Math.Clamp(max, 1, 10_000)}", cancellationToken);
        command.AddParameter("p", position);
        return await LedgerSql.ReadAllAsync(command, cancellationToken);
    }

    public async Task<(IReadOnlyList<BehaviourEvent> Items, int Total)> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default)
    {
        var where = new List<string>();
        await using var count = await session.CreateCommandAsync(string.Empty, cancellationToken);
        await using var page = await session.CreateCommandAsync(string.Empty, cancellationToken);
        void Filter(string column, string name, object? value)
        {
            if (value is null)
            {
                return;
            }

            where.Add($"\"{column}\" = @{name}");
            count.AddParameter(name, value);
            page.AddParameter(name, value);
        }

        Filter("FollowerId", "f", query.FollowerId);
        Filter("Type", "t", query.Type);
        Filter("Subject", "s", query.Subject);
        var clause = where.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", where);
        count.CommandText = $"SELECT COUNT(*) FROM \"LedgerEvents\"{clause}";
        var total = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        page.CommandText = $"{LedgerSql.Select}{clause} ORDER BY \"Position\" {(query.NewestFirst ? "DESC" : "ASC")} LIMIT {Math.Clamp(query.Take, 0, 1000)} OFFSET {Math.Max(0, query.Skip)}";
        return (await LedgerSql.ReadAllAsync(page, cancellationToken), total);
    }

    public async Task<long> LastPositionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = await session.CreateCommandAsync("SELECT COALESCE(MAX(\"Position\"), 0) FROM \"LedgerEvents\"", cancellationToken);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
