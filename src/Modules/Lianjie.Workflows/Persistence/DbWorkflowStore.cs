using System.Data.Common;
using Lianjie.Core.Data;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Persistence;

/// <summary>
/// Instances as JSON documents plus indexed columns (status, type, correlation) and one row per
/// blocking activity (name, correlation, due time), so the reactor and the timer loop query by index.
/// Saves check the row version: two runs of one instance never silently overwrite each other.
/// </summary>
internal sealed class DbWorkflowStore(DbSession session) : IWorkflowStore
{
    private const string Select = "SELECT i.\"Document\", i.\"Version\" FROM \"WorkflowInstances\" i";
    private const string InsertColumns = "\"WorkflowId\", \"WorkflowTypeId\", \"Status\", \"CorrelationId\", \"FaultMessage\", \"Document\", \"Version\", \"CreatedUtc\", \"UpdatedUtc\"";

    private static readonly BulkColumn[] InsertColumnTypes =
    [
        BulkColumn.Text, BulkColumn.Text, BulkColumn.Text, BulkColumn.Text, BulkColumn.Text, BulkColumn.Text, BulkColumn.Integer, BulkColumn.TimestampTz, BulkColumn.TimestampTz,
    ];

    // New instances that ended in the same run (finished or faulted: no blocking rows), written together.
    private List<(string Name, object? Value)[]>? _deferred;

    /// <summary>
    /// From now on, new instances that need no blocking rows are inserted together (multi-row) on
    /// <see cref="FlushDeferredAsync"/> or before the next read. Only for a caller that rolls back
    /// as a whole (the reactor's optimistic batch), never under per-run savepoints.
    /// </summary>
    public void DeferNewInstanceInserts() => _deferred ??= [];

    /// <summary>Drops deferred inserts (their transaction was rolled back) and stops deferring.</summary>
    public void AbandonDeferred() => _deferred = null;

    public async Task FlushDeferredAsync(CancellationToken cancellationToken = default)
    {
        if (_deferred is not { Count: > 0 } rows)
        {
            return;
        }

        _deferred = [];
        await BulkRows.ExecuteAsync(session, $"INSERT INTO \"WorkflowInstances\" ({InsertColumns})", string.Empty, InsertColumnTypes, [.. rows.Select(r => r.Select(p => p.Value).ToArray())], cancellationToken);
    }

    /// <summary>
    /// Writes an instance again after it was saved in this batch (a batched tag refusal changed its log):
    /// replaces its deferred row, else updates the stored one.
    /// </summary>
    public async Task RewriteAsync(WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        var index = _deferred?.FindIndex(r => Equals(r[0].Value, instance.WorkflowId)) ?? -1;
        if (index >= 0)
        {
            _deferred![index] = InsertValues(instance);
            return;
        }

        await FlushDeferredAsync(cancellationToken);
        await session.InTransactionAsync(() => SaveCoreAsync(instance, cancellationToken), cancellationToken);
    }

    public async Task SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default)
    {
        if (_deferred is not null && instance.Version == 0 && instance.Status != WorkflowStatus.Halted && session.Transaction is not null)
        {
            // Serialised now: the row must show the instance as it was saved, whatever happens to the object later.
            _deferred.Add(InsertValues(instance));
            instance.Version = 1;
            return;
        }

        await FlushDeferredAsync(cancellationToken);
        await session.InTransactionAsync(() => SaveCoreAsync(instance, cancellationToken), cancellationToken);
    }

    public async Task<WorkflowInstance?> GetAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        await FlushDeferredAsync(cancellationToken);
        return (await session.ListAsync($"{Select} WHERE i.\"WorkflowId\" = @id", Read, cancellationToken, ("id", workflowId))).FirstOrDefault();
    }

    public async Task DeleteAsync(string workflowId, CancellationToken cancellationToken = default)
    {
        await FlushDeferredAsync(cancellationToken);
        await session.InTransactionAsync(
            async () =>
            {
                await session.ExecuteAsync("DELETE FROM \"WorkflowBlockingActivities\" WHERE \"WorkflowId\" = @id", cancellationToken, ("id", workflowId));
                await session.ExecuteAsync("DELETE FROM \"WorkflowInstances\" WHERE \"WorkflowId\" = @id", cancellationToken, ("id", workflowId));
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowInstance>> ListByTypeAsync(string workflowTypeId, CancellationToken cancellationToken = default)
    {
        await FlushDeferredAsync(cancellationToken);
        return await session.ListAsync($"{Select} WHERE i.\"WorkflowTypeId\" = @t ORDER BY i.\"CreatedUtc\"", Read, cancellationToken, ("t", workflowTypeId));
    }

    // The queries below look for halted or active instances only; deferred ones are finished or faulted, so need no flush.

    public async Task<IReadOnlyList<WorkflowInstance>> FindWaitingOnEventAsync(string activityName, string? correlationId, CancellationToken cancellationToken = default) =>
        await session.ListAsync(
            $"""
            {Select} WHERE i."Status" = @halted AND i."WorkflowId" IN (
              SELECT b."WorkflowId" FROM "WorkflowBlockingActivities" b
              WHERE b."ActivityName" = @name AND b."IsEvent" = @yes AND (b."CorrelationId" IS NULL OR b."CorrelationId" = '' OR b."CorrelationId" = @c))
            ORDER BY i."CreatedUtc"
            """,
            Read,
            cancellationToken,
            ("halted", nameof(WorkflowStatus.Halted)),
            ("name", activityName),
            ("yes", true),
            ("c", correlationId ?? string.Empty));

    public async Task<IReadOnlyList<WorkflowInstance>> FindDueTimersAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken = default) =>
        await session.ListAsync(
            $"""
            {Select} WHERE i."Status" = @halted AND i."WorkflowId" IN (
              SELECT b."WorkflowId" FROM "WorkflowBlockingActivities" b WHERE b."DueUtc" IS NOT NULL AND b."DueUtc" <= @now)
            ORDER BY i."CreatedUtc"
            """,
            Read,
            cancellationToken,
            ("halted", nameof(WorkflowStatus.Halted)),
            ("now", nowUtc.UtcDateTime));

    public async Task<bool> HasActiveInstanceAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        await session.ScalarLongAsync(
            "SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"WorkflowTypeId\" = @t AND \"Status\" IN ('Starting', 'Resuming', 'Executing', 'Halted')",
            cancellationToken,
            ("t", workflowTypeId)) > 0;

    /// <summary>Column values of a first save (Version becomes 1), in <see cref="InsertColumns"/> order.</summary>
    private static (string Name, object? Value)[] InsertValues(WorkflowInstance instance) =>
    [
        ("id", instance.WorkflowId),
        ("type", instance.WorkflowTypeId),
        ("status", instance.Status.ToString()),
        ("c", instance.CorrelationId),
        ("fault", Truncate(instance.FaultMessage, 2000)),
        ("doc", WorkflowInstanceJson.Serialize(instance)),
        ("v", 1),
        ("created", instance.CreatedUtc.UtcDateTime),
        ("now", (instance.UpdatedUtc ?? DateTimeOffset.UtcNow).UtcDateTime),
    ];

    private async Task SaveCoreAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var isNew = instance.Version == 0;
        var now = (instance.UpdatedUtc ?? DateTimeOffset.UtcNow).UtcDateTime;
        (string, object?)[] values =
        [
            ("id", instance.WorkflowId),
            ("type", instance.WorkflowTypeId),
            ("status", instance.Status.ToString()),
            ("c", instance.CorrelationId),
            ("fault", Truncate(instance.FaultMessage, 2000)),
            ("doc", WorkflowInstanceJson.Serialize(instance)),
            ("v", instance.Version),
            ("created", instance.CreatedUtc.UtcDateTime),
            ("now", now),
        ];
        if (isNew)
        {
            await session.ExecuteAsync(
                $"INSERT INTO \"WorkflowInstances\" ({InsertColumns}) VALUES (@id, @type, @status, @c, @fault, @doc, @v + 1, @created, @now)",
                cancellationToken,
                values);
        }
        else
        {
            var updated = await session.ExecuteAsync(
                """
                UPDATE "WorkflowInstances" SET "Status" = @status, "CorrelationId" = @c, "FaultMessage" = @fault, "Document" = @doc,
                  "Version" = @v + 1, "UpdatedUtc" = @now
                WHERE "WorkflowId" = @id AND "Version" = @v
                """,
                cancellationToken,
                values);
            if (updated == 0)
            {
                throw new WorkflowConcurrencyException(instance.WorkflowId);
            }
        }

        instance.Version++;

        // A new instance has no blocking rows yet.
        if (!isNew)
        {
            await session.ExecuteAsync("DELETE FROM \"WorkflowBlockingActivities\" WHERE \"WorkflowId\" = @id", cancellationToken, ("id", instance.WorkflowId));
        }

        if (instance.Status != WorkflowStatus.Halted)
        {
            return;
        }

        foreach (var blocking in instance.BlockingActivities)
        {
            await session.ExecuteAsync(
                """
                INSERT INTO "WorkflowBlockingActivities" ("WorkflowId", "ActivityId", "ActivityName", "IsEvent", "CorrelationId", "DueUtc")
                VALUES (@id, @activity, @name, @event, @c, @due)
                """,
                cancellationToken,
                ("id", instance.WorkflowId),
                ("activity", blocking.ActivityId),
                ("name", blocking.Name),
                ("event", blocking.IsEvent),
                ("c", instance.CorrelationId),
                ("due", blocking.DueUtc?.UtcDateTime));
        }
    }

    private static WorkflowInstance Read(DbDataReader reader)
    {
        var instance = WorkflowJson.Deserialize<WorkflowInstance>(reader.GetString(0));
        instance.Version = reader.GetInt32(1);
        return instance;
    }

    private static string? Truncate(string? text, int max) => text is { Length: > 0 } && text.Length > max ? text[..max] : text;
}
