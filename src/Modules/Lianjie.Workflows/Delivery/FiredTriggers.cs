using Lianjie.Core.Data;
using Lianjie.Workflows.Persistence;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Which (workflow type, ledger position, start or resumed activity) already fired. Written in the
/// same transaction as the run's effects, so a replay (crash, rebuild) skips what already happened.
/// </summary>
public sealed class FiredTriggers(DbSession session, TimeProvider clock)
{
    public async Task<bool> ExistsAsync(string workflowTypeId, long position, string target, CancellationToken cancellationToken) =>
        await session.ScalarLongAsync(
            "SELECT COUNT(*) FROM \"WorkflowFiredTriggers\" WHERE \"WorkflowTypeId\" = @t AND \"LedgerPosition\" = @p AND \"Target\" = @a",
            cancellationToken,
            ("t", workflowTypeId),
            ("p", position),
            ("a", target)) > 0;

    public Task AddAsync(string workflowTypeId, long position, string target, CancellationToken cancellationToken) =>
        session.ExecuteAsync(
            """
            INSERT INTO "WorkflowFiredTriggers" ("WorkflowTypeId", "LedgerPosition", "Target", "FiredUtc") VALUES (@t, @p, @a, @now)
            ON CONFLICT ("WorkflowTypeId", "LedgerPosition", "Target") DO NOTHING
            """,
            cancellationToken,
            ("t", workflowTypeId),
            ("p", position),
            ("a", target),
            ("now", clock.GetUtcNow().UtcDateTime));

    public static string ResumeTarget(string workflowId, string activityId) => $"resume:{workflowId}:{activityId}";
}
