namespace Lianjie.Core.Ledger;

/// <summary>The one way modules record behaviour. An append returns only once the event is durable.</summary>
public interface IBehaviourLedger
{
    Task<AppendResult> AppendAsync(BehaviourEventDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends inside the caller's open transaction (same <see cref="Data.DbSession"/>), so a state
    /// change and its event commit together — e.g. a tag row and its tag.added event.
    /// </summary>
    Task<AppendResult> AppendInTransactionAsync(Data.DbSession session, BehaviourEventDraft draft, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends many events inside the caller's open transaction with multi-row inserts (bulk tagging:
    /// one event per follower without one statement per follower). Returns how many were new.
    /// </summary>
    async Task<int> AppendManyInTransactionAsync(Data.DbSession session, IReadOnlyList<BehaviourEventDraft> drafts, CancellationToken cancellationToken = default)
    {
        var appended = 0;
        foreach (var draft in drafts)
        {
            appended += (await AppendInTransactionAsync(session, draft, cancellationToken)).Appended ? 1 : 0;
        }

        return appended;
    }

    /// <summary>
    /// Erasure: inside the caller's open transaction, keeps the follower's events but strips their
    /// payloads to amount/currency and replaces their dedupe keys. Returns how many were rewritten.
    /// </summary>
    Task<int> AnonymiseFollowerInTransactionAsync(Data.DbSession session, long followerId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<BehaviourEvent>> ReadAfterAsync(long position, int max, CancellationToken cancellationToken = default);

    Task<(IReadOnlyList<BehaviourEvent> Items, int Total)> QueryAsync(LedgerQuery query, CancellationToken cancellationToken = default);

    Task<long> LastPositionAsync(CancellationToken cancellationToken = default);
}

public sealed record LedgerQuery(long? FollowerId = null, string? Type = null, string? Subject = null, int Skip = 0, int Take = 50, bool NewestFirst = true);

/// <summary>
/// A subscriber with its own checkpoint. Each batch runs in one transaction with the checkpoint
/// update, so database effects apply exactly once; effects outside the database must be idempotent.
/// </summary>
public interface ILedgerReactor
{
    string Name { get; }

    /// <summary>Events per batch (one transaction each); set-based reactors go faster with more.</summary>
    int BatchSize => LedgerReactorDefaults.BatchSize;

    /// <summary>
    /// The event types this reactor reacts to, or null for every type. With a set, batches hold
    /// only those types, and a stretch of the ledger without any of them costs no transaction.
    /// </summary>
    IReadOnlySet<string>? EventTypes => null;

    /// <summary>
    /// Work on a batch that needs no lock (parsing payloads, shaping rows), done before its
    /// transaction starts: on SQLite every reactor transaction holds the one write lock that
    /// callbacks wait on. <see cref="ReactAsync"/> then gets the same list instance; if the batch had
    /// to be read again under the lock, this runs again first, inside the transaction.
    /// </summary>
    Task PrepareAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken) => Task.CompletedTask;

    Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken);

    /// <summary>Clears the reactor's projection before a rebuild from position zero.</summary>
    Task ResetAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class LedgerReactorDefaults
{
    public const int BatchSize = 500;
}
