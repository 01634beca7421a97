using Lianjie.Core.Data;
using Lianjie.Workflows.Engine;

namespace Lianjie.Workflows.Persistence;

/// <summary>Workflow types as JSON documents (Orchard shape) with the columns the reactor filters on.</summary>
internal sealed class DbWorkflowTypeStore(DbSession session, TimeProvider clock) : IWorkflowTypeStore
{
    private const string Select = "SELECT \"Document\", \"IsEnabled\" FROM \"WorkflowTypes\"";

    public async Task<IReadOnlyList<WorkflowType>> ListAsync(CancellationToken cancellationToken = default) =>
        await session.ListAsync($"{Select} ORDER BY \"Name\"", Read, cancellationToken);

    public async Task<WorkflowType?> GetAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        (await session.ListAsync($"{Select} WHERE \"WorkflowTypeId\" = @id", Read, cancellationToken, ("id", workflowTypeId))).FirstOrDefault();

    public async Task SaveAsync(WorkflowType workflowType, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(workflowType.WorkflowTypeId))
        {
            workflowType.WorkflowTypeId = Guid.NewGuid().ToString("n");
        }

        var starts = "|" + string.Join("|", workflowType.StartActivities.Select(a => a.Name).Distinct(StringComparer.Ordinal)) + "|";
        await session.ExecuteAsync(
            """
            INSERT INTO "WorkflowTypes" ("WorkflowTypeId", "Name", "IsEnabled", "StartActivities", "Document", "UpdatedUtc")
            VALUES (@id, @name, @enabled, @starts, @doc, @now)
            ON CONFLICT ("WorkflowTypeId") DO UPDATE SET "Name" = @name, "IsEnabled" = @enabled, "StartActivities" = @starts, "Document" = @doc, "UpdatedUtc" = @now
            """,
            cancellationToken,
            ("id", workflowType.WorkflowTypeId),
            ("name", workflowType.Name),
            ("enabled", workflowType.IsEnabled),
            ("starts", starts),
            ("doc", WorkflowJson.Serialize(workflowType)),
            ("now", clock.GetUtcNow().UtcDateTime));
    }

    public async Task DeleteAsync(string workflowTypeId, CancellationToken cancellationToken = default) =>
        await session.ExecuteAsync("DELETE FROM \"WorkflowTypes\" WHERE \"WorkflowTypeId\" = @id", cancellationToken, ("id", workflowTypeId));

    public async Task<IReadOnlyList<WorkflowType>> FindEnabledByStartActivityAsync(string activityName, CancellationToken cancellationToken = default) =>
        await session.ListAsync(
            $"{Select} WHERE \"IsEnabled\" = @enabled AND \"StartActivities\" LIKE @pattern ORDER BY \"WorkflowTypeId\"",
            Read,
            cancellationToken,
            ("enabled", true),
            ("pattern", "%|" + activityName + "|%"));

    private static WorkflowType Read(System.Data.Common.DbDataReader reader)
    {
        var type = WorkflowJson.Deserialize<WorkflowType>(reader.GetString(0));

        // The column is the truth: enabling only rewrites the flag, not the document.
        type.IsEnabled = reader.GetBoolean(1);

        // Filters read these properties for every event; decode their strings once.
        foreach (var activity in type.Activities)
        {
            JsonStrings.Decode(activity.Properties);
        }

        return type;
    }
}
