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

    public Task SaveAsync(WorkflowInstance instance, CancellationToken cancellationToken = default) =>
        session.InTransactionAsync(() => SaveCoreAsync(instance, cancellationToken), cancellationToken);

    public async Task<WorkflowInstance?> GetAsync(string workflowId, CancellationToken cancellationToken = default) =>
        (await session.ListAsync($"{Select} WHERE i.\"WorkflowId\" = @id", Read, cancellationToken, ("id", workflowId))).FirstOrDefault();

    public Task DeleteAsync(string workflowId, CancellationToken cancellationToken = default) =>
        session.InTransactionAsync(
            async () =>
            {
                await session.ExecuteAsync("DELETE FROM \"WorkflowBlockingActivities\" WHERE \"WorkflowId\" = @id", cancellationToken, ("id", workflowId));
                await session.ExecuteAsync("DELETE FROM \"WorkflowInstances\" WHERE \"WorkflowId\" = @id", cancellationToken, ("id", workflowId));
            },
            cancellationToken);

    public async Task<IReadOnlyList<WorkflowInstance>> ListByTypeAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        await session.ListAsync($"{Select} WHERE i.\"WorkflowTypeId\" = @t ORDER BY i.\"CreatedUtc\"", Read, cancellationToken, ("t", workflowTypeId));

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

    private async Task SaveCoreAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var now = (instance.UpdatedUtc ?? DateTimeOffset.UtcNow).UtcDateTime;
        (string, object?)[] values =
        [
            ("id", instance.WorkflowId),
            ("type", instance.WorkflowTypeId),
            ("status", instance.Status.ToString()),
            ("c", instance.CorrelationId),
            ("fault", Truncate(instance.FaultMessage, 2000)),
            ("doc", WorkflowJson.Serialize(instance)),
            ("v", instance.Version),
            ("created", instance.CreatedUtc.UtcDateTime),
            ("now", now),
        ];
        if (instance.Version == 0)
        {
            await session.ExecuteAsync(
                """
                INSERT INTO "WorkflowInstances" ("WorkflowId", "WorkflowTypeId", "Status", "CorrelationId", "FaultMessage", "Document", "Version", "CreatedUtc", "UpdatedUtc")
                VALUES (@id, @type, @status, @c, @fault, @doc, @v + 1, @created, @now)
                """,
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
        await session.ExecuteAsync("DELETE FROM \"WorkflowBlockingActivities\" WHERE \"WorkflowId\" = @id", cancellationToken, ("id", instance.WorkflowId));
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
