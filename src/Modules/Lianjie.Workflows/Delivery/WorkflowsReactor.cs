using Lianjie.Core.Ledger;
using Lianjie.Workflows.Counting;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// The "workflows" reactor: for each ledger event, first bumps the follower's counters, then
/// delivers it to workflows — all in the reactor's transaction with the checkpoint move.
/// </summary>
public sealed class WorkflowsReactor(FollowerCounters counters, WorkflowDispatcher dispatcher) : ILedgerReactor
{
    public const string ReactorName = "workflows";

    public string Name => ReactorName;

    public async Task ReactAsync(IReadOnlyList<BehaviourEvent> events, CancellationToken cancellationToken)
    {
        dispatcher.Begin();
        foreach (var e in events)
        {
            await counters.AddAsync(e, cancellationToken);
            await dispatcher.DeliverAsync(e, cancellationToken);
        }

        await dispatcher.CompleteAsync(cancellationToken);
    }

    /// <summary>A rebuild recounts from zero; the fired-trigger table is kept, so nothing fires a second time.</summary>
    public Task ResetAsync(CancellationToken cancellationToken) => counters.ResetAsync(cancellationToken);
}
