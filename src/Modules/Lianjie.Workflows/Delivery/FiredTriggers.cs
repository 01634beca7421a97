using Lianjie.Core.Data;
using Lianjie.Workflows.Persistence;

namespace Lianjie.Workflows.Delivery;

/// <summary>
/// Which (workflow type, ledger position, start or resumed activity) already fired. Written in the
/// same transaction as the run's effects, so a replay (crash, rebuild) skips what already happened.
/// Inside a reactor batch the rows for the batch's positions are read once and new ones written with
/// multi-row inserts at the end (<see cref="BeginBatchAsync"/>, <see cref="CompleteBatchAsync"/>).
/// </summary>
public sealed class FiredTriggers(DbSession session, TimeProvider clock)
{
    private Batch? _batch;

    public async Task BeginBatchAsync(IReadOnlyCollection<string> workflowTypeIds, long firstPosition, long lastPosition, CancellationToken cancellationToken)
    {
        _batch = new Batch(firstPosition, lastPosition, [.. workflowTypeIds]);
        if (workflowTypeIds.Count == 0)
        {
            return;
        }

        var types = workflowTypeIds.Select((t, i) => ($"t{i}", (object?)t)).ToArray();
        var rows = await session.ListAsync(
            $"SELECT \"WorkflowTypeId\", \"LedgerPosition\", \"Target\" FROM \"WorkflowFiredTriggers\" WHERE \"WorkflowTypeId\" IN ({string.Join(", ", types.Select(t => "@" + t.Item1))}) AND \"LedgerPosition\" >= @first AND \"LedgerPosition\" <= @last",
            r => (r.GetString(0), r.GetInt64(1), r.GetString(2)),
            cancellationToken,
            [.. types, ("first", firstPosition), ("last", lastPosition)]);
        _batch.Known.UnionWith(rows);
    }

    public void AbandonBatch() => _batch = null;

    public async Task CompleteBatchAsync(CancellationToken cancellationToken)
    {
        var batch = _batch;
        _batch = null;
        if (batch is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await BulkRows.ExecuteAsync(
            session,
            "INSERT INTO \"WorkflowFiredTriggers\" (\"WorkflowTypeId\", \"LedgerPosition\", \"Target\", \"FiredUtc\")",
            "ON CONFLICT (\"WorkflowTypeId\", \"LedgerPosition\", \"Target\") DO NOTHING",
            [BulkColumn.Text, BulkColumn.Bigint, BulkColumn.Text, BulkColumn.TimestampTz],
            [.. batch.Added.Select(a => new object?[] { a.Type, a.Position, a.Target, now })],
            cancellationToken);
    }

    public async Task<bool> ExistsAsync(string workflowTypeId, long position, string target, CancellationToken cancellationToken)
    {
        if (_batch is { } batch && batch.Covers(workflowTypeId, position))
        {
            return batch.Known.Contains((workflowTypeId, position, target));
        }

        return await session.ScalarLongAsync(
            "SELECT COUNT(*) FROM \"WorkflowFiredTriggers\" WHERE \"WorkflowTypeId\" = @t AND \"LedgerPosition\" = @p AND \"Target\" = @a",
            cancellationToken,
            ("t", workflowTypeId),
            ("p", position),
            ("a", target)) > 0;
    }

    public async Task AddAsync(string workflowTypeId, long position, string target, CancellationToken cancellationToken)
    {
        if (_batch is { } batch && batch.Covers(workflowTypeId, position))
        {
            if (batch.Known.Add((workflowTypeId, position, target)))
            {
                batch.Added.Add((workflowTypeId, position, target));
            }

            return;
        }

        await session.ExecuteAsync(
            """
            INSERT INTO "WorkflowFiredTriggers" ("WorkflowTypeId", "LedgerPosition", "Target", "FiredUtc") VALUES (@t, @p, @a, @now)
            ON CONFLICT ("WorkflowTypeId", "LedgerPosition", "Target") DO NOTHING
            """,
            cancellationToken,
            ("t", workflowTypeId),
            ("p", position),
            ("a", target),
            ("now", clock.GetUtcNow().UtcDateTime));
    }

    public static string ResumeTarget(string workflowId, string activityId) => $"resume:{workflowId}:{activityId}";

    /// <summary>The batch's view: rows read for its positions and types, plus rows fired since; anything else asks the database.</summary>
    private sealed class Batch(long first, long last, HashSet<string> types)
    {
        public HashSet<(string Type, long Position, string Target)> Known { get; } = [];

        public List<(string Type, long Position, string Target)> Added { get; } = [];

        public bool Covers(string type, long position) => position >= first && position <= last && types.Contains(type);
    }
}
