using Lianjie.Core.Data;
using Lianjie.Core.Ledger;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Ledger events produced by workflow tasks during a delivery transaction, appended together just
/// before commit. Appending takes the ledger's append lock until commit; doing it last keeps that
/// lock short, so WeChat callbacks are not held up while a batch of rules runs.
/// </summary>
public sealed class PendingLedgerAppends(IBehaviourLedger ledger, DbSession session)
{
    private readonly List<BehaviourEventDraft> _drafts = [];

    /// <summary>True while a delivery collects appends (set by whoever owns the transaction).</summary>
    public bool IsCollecting { get; private set; }

    public int Count => _drafts.Count;

    public void Begin() => IsCollecting = true;

    public void Add(BehaviourEventDraft draft) => _drafts.Add(draft);

    /// <summary>Forgets appends made after <paramref name="count"/> (a run rolled back to its savepoint).</summary>
    public void TruncateTo(int count) => _drafts.RemoveRange(count, _drafts.Count - count);

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // One multi-row append (dedupe keys make a replayed batch append nothing twice).
        await ledger.AppendManyInTransactionAsync(session, [.. _drafts], cancellationToken);
        _drafts.Clear();
        IsCollecting = false;
    }
}
