using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Lianjie.Workflows.Counting;
using Lianjie.Workflows.Crm;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// The "workflows" reactor: for each ledger event, first bumps the follower's counters, then
/// delivers it to workflows — all in the reactor's transaction with the checkpoint move.
/// A batch first runs optimistically (no savepoint per run, set-based reads and writes); if a run
/// faults, the batch is rolled back to its savepoint and delivered again with a savepoint per run.
/// </summary>
public sealed class WorkflowsReactor(DbSession session, FollowerCounters counters, WorkflowDispatcher dispatcher) : ILedgerReactor
{
    public const string ReactorName = "workflows";

    private const string BatchSavepoint = "wf_batch";

    public string Name => ReactorName;

    /// <summary>Work per batch is mostly a fixed number of statements, so bigger batches go faster; 2,000 keeps a batch well under a second.</summary>
    public int BatchSize => 2000;

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        var transaction = session.Transaction ?? throw new InvalidOperationException("The reactor runs inside a transaction.");
        if (await dispatcher.BeginBatchAsync(events, optimistic: true, cancellationToken))
        {
            await transaction.SaveAsync(BatchSavepoint, cancellationToken);
            try
            {
                await DeliverAsync(events, cancellationToken);
                await transaction.ReleaseAsync(BatchSavepoint, cancellationToken);
                return;
            }
            catch (OptimisticBatchFaultedException)
            {
                await transaction.RollbackAsync(BatchSavepoint, cancellationToken);
                await transaction.ReleaseAsync(BatchSavepoint, cancellationToken);
                dispatcher.AbandonBatch();
            }

            await dispatcher.BeginBatchAsync(events, optimistic: false, cancellationToken);
        }

        await DeliverAsync(events, cancellationToken);
    }

    private async Task DeliverAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            if (e.FollowerId is null)
            {
                continue; // nothing to count or deliver: every counter and run is per follower
            }

            // The payload is parsed once per event, for the counters and the workflows' input alike.
            var input = CrmEventInput.From(e);
            await counters.AddAsync(e, CrmEventInput.GetPayload(input), cancellationToken);
            await dispatcher.DeliverAsync(e, input, cancellationToken);
        }

        await dispatcher.CompleteBatchAsync(cancellationToken);
    }

    /// <summary>A rebuild recounts from zero; the fired-trigger table is kept, so nothing fires a second time.</summary>
    public Task ResetAsync(CancellationToken cancellationToken) => counters.ResetAsync(cancellationToken);
}
