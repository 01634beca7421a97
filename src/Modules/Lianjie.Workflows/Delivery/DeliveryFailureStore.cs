using System.Data.Common;
using Lianjie.Core.Data;
using Lianjie.Workflows.Persistence;

namespace Lianjie.Workflows.Delivery;

internal sealed class DeliveryFailureStore(DbSession session)
{
    private const string Select =
        "SELECT \"Id\", \"WorkflowTypeId\", \"WorkflowId\", \"ActivityId\", \"IsResume\", \"LedgerPosition\", \"CorrelationId\", \"Input\", \"Snapshot\", \"Attempts\", \"Status\", \"Error\", \"NextAttemptUtc\", \"CreatedUtc\", \"UpdatedUtc\" FROM \"WorkflowDeliveryFailures\"";

    public async Task AddAsync(DeliveryFailure failure, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            INSERT INTO "WorkflowDeliveryFailures" ("WorkflowTypeId", "WorkflowId", "ActivityId", "IsResume", "LedgerPosition", "CorrelationId", "Input", "Snapshot", "Attempts", "Status", "Error", "NextAttemptUtc", "CreatedUtc", "UpdatedUtc")
            VALUES (@type, @wf, @activity, @resume, @pos, @c, @input, @snapshot, @attempts, @status, @error, @next, @created, @updated)
            """,
            cancellationToken,
            Parameters(failure));

    public async Task UpdateAsync(DeliveryFailure failure, CancellationToken cancellationToken) =>
        await session.ExecuteAsync(
            """
            UPDATE "WorkflowDeliveryFailures" SET "WorkflowId" = @wf, "Snapshot" = @snapshot, "Attempts" = @attempts, "Status" = @status,
              "Error" = @error, "NextAttemptUtc" = @next, "UpdatedUtc" = @updated
            WHERE "Id" = @id
            """,
            cancellationToken,
            [.. Parameters(failure), ("id", failure.Id)]);

    public async Task<DeliveryFailure?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await session.ListAsync($"{Select} WHERE \"Id\" = @id", Read, cancellationToken, ("id", id))).FirstOrDefault();

    public Task<List<DeliveryFailure>> ListDueAsync(DateTime nowUtc, int max, CancellationToken cancellationToken) =>
        session.ListAsync($"{Select} WHERE \"Status\" = @s AND \"NextAttemptUtc\" <= @now ORDER BY \"NextAttemptUtc\" LIMIT {max}", Read, cancellationToken, ("s", DeliveryFailureStatus.Retrying), ("now", nowUtc));

    public async Task<(List<DeliveryFailure> Items, long Total)> ListOpenAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var total = await session.ScalarLongAsync("SELECT COUNT(*) FROM \"WorkflowDeliveryFailures\" WHERE \"Status\" <> @s", cancellationToken, ("s", DeliveryFailureStatus.Resolved));
        var items = await session.ListAsync($"{Select} WHERE \"Status\" <> @s ORDER BY \"Id\" DESC LIMIT {take} OFFSET {skip}", Read, cancellationToken, ("s", DeliveryFailureStatus.Resolved));
        return (items, total);
    }

    private static (string, object?)[] Parameters(DeliveryFailure f) =>
    [
        ("type", f.WorkflowTypeId), ("wf", f.WorkflowId), ("activity", f.ActivityId), ("resume", f.IsResume), ("pos", f.LedgerPosition),
        ("c", f.CorrelationId), ("input", f.Input), ("snapshot", f.Snapshot), ("attempts", f.Attempts), ("status", f.Status),
        ("error", f.Error.Length > 4000 ? f.Error[..4000] : f.Error), ("next", f.NextAttemptUtc), ("created", f.CreatedUtc), ("updated", f.UpdatedUtc),
    ];

    private static DeliveryFailure Read(DbDataReader r) => new()
    {
        Id = r.GetInt64(0),
        WorkflowTypeId = r.GetString(1),
        WorkflowId = r.IsDBNull(2) ? null : r.GetString(2),
        ActivityId = r.GetString(3),
        IsResume = r.GetBoolean(4),
        LedgerPosition = r.GetInt64(5),
        CorrelationId = r.IsDBNull(6) ? null : r.GetString(6),
        Input = r.GetString(7),
        Snapshot = r.IsDBNull(8) ? null : r.GetString(8),
        Attempts = r.GetInt32(9),
        Status = r.GetString(10),
        Error = r.GetString(11),
        NextAttemptUtc = r.ReadUtc(12),
        CreatedUtc = r.ReadUtc(13),
        UpdatedUtc = r.ReadUtc(14),
    };
}
