using Lianjie.Core.Data;
using Lianjie.Core.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Bench.Workflows;

/// <summary>
/// The baseline: what the reactor host does for any reactor (lock the checkpoint, read a batch,
/// move the checkpoint, commit) with no work in between, over the same events.
/// </summary>
internal static class CheckpointOnlyReactor
{
    private const string Name = "bench-baseline";

    public static async Task RunAsync(IServiceProvider shellServices, long fromPosition, int batchSize)
    {
        await using (var scope = shellServices.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginTransactionAsync();
            await LedgerCheckpoints.SetAsync(session, Name, fromPosition, CancellationToken.None);
            await session.CommitAsync();
        }

        while (true)
        {
            await using var scope = shellServices.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var ledger = scope.ServiceProvider.GetRequiredService<IBehaviourLedger>();
            await session.BeginTransactionAsync();
            var checkpoint = await LedgerCheckpoints.LockAsync(session, Name, CancellationToken.None);
            var events = await ledger.ReadAfterAsync(checkpoint, batchSize);
            if (events.Count == 0)
            {
                await session.RollbackAsync();
                return;
            }

            await LedgerCheckpoints.SetAsync(session, Name, events[^1].Position, CancellationToken.None);
            await session.CommitAsync();
        }
    }
}
