using Lianjie.Core.Data;
using Lianjie.Workflows.Persistence;

namespace Lianjie.Workflows.Admin;

public sealed record InstanceRow(string WorkflowId, string WorkflowTypeId, string TypeName, string Status, string? CorrelationId, string? FaultMessage, DateTime CreatedUtc, DateTime UpdatedUtc);

public sealed record TypeRow(string WorkflowTypeId, string Name, bool IsEnabled, string StartActivities, long Running, long Faulted);

/// <summary>Paged lists for the admin pages, straight from the indexed columns.</summary>
internal sealed class WorkflowAdminQueries(DbSession session)
{
    public async Task<(List<TypeRow> Items, long Total)> TypesAsync(int skip, int take, CancellationToken cancellationToken = default)
    {
        var total = await session.ScalarLongAsync("SELECT COUNT(*) FROM \"WorkflowTypes\"", cancellationToken);
        var items = await session.ListAsync(
            $"""
            SELECT t."WorkflowTypeId", t."Name", t."IsEnabled", t."StartActivities",
              (SELECT COUNT(*) FROM "WorkflowInstances" i WHERE i."WorkflowTypeId" = t."WorkflowTypeId" AND i."Status" = 'Halted'),
              (SELECT COUNT(*) FROM "WorkflowInstances" i WHERE i."WorkflowTypeId" = t."WorkflowTypeId" AND i."Status" = 'Faulted')
            FROM "WorkflowTypes" t ORDER BY t."Name" LIMIT {take} OFFSET {skip}
            """,
            r => new TypeRow(r.GetString(0), r.GetString(1), r.GetBoolean(2), r.GetString(3).Trim('|').Replace("|", ", ", StringComparison.Ordinal), r.GetInt64(4), r.GetInt64(5)),
            cancellationToken);
        return (items, total);
    }

    public async Task<(List<InstanceRow> Items, long Total)> InstancesAsync(string? status, string? workflowTypeId, int skip, int take, CancellationToken cancellationToken = default)
    {
        var where = "WHERE (@s = '' OR i.\"Status\" = @s) AND (@t = '' OR i.\"WorkflowTypeId\" = @t)";
        (string, object?)[] parameters = [("s", status ?? string.Empty), ("t", workflowTypeId ?? string.Empty)];
        var total = await session.ScalarLongAsync($"SELECT COUNT(*) FROM \"WorkflowInstances\" i {where}", cancellationToken, parameters);
        var items = await session.ListAsync(
            $"""
            SELECT i."WorkflowId", i."WorkflowTypeId", COALESCE(t."Name", i."WorkflowTypeId"), i."Status", i."CorrelationId", i."FaultMessage", i."CreatedUtc", i."UpdatedUtc"
            FROM "WorkflowInstances" i LEFT JOIN "WorkflowTypes" t ON t."WorkflowTypeId" = i."WorkflowTypeId"
            {where} ORDER BY i."UpdatedUtc" DESC LIMIT {take} OFFSET {skip}
            """,
            r => new InstanceRow(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.ReadUtc(6), r.ReadUtc(7)),
            cancellationToken,
            parameters);
        return (items, total);
    }
}
