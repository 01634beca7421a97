using Lianjie.Core.Data;
using Lianjie.Workflows.Engine;
using Lianjie.Workflows.Persistence;
using Lianjie.Workflows.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Workflows.Tests.Persistence;

public sealed class FinishedWorkflowTrimmerTests
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Only_finished_instances_past_the_retention_are_deleted_in_chunks(string provider)
    {
        await using var site = await WorkflowSite.StartAsync(provider);
        var now = DateTime.UtcNow;
        var old = now.AddDays(-100);
        await site.WithScopeAsync(async sp =>
        {
            var session = sp.GetRequiredService<DbSession>();
            await session.InTransactionAsync(
                async () =>
                {
                    // One more than a chunk, so the trimmer has to come back for the rest.
                    for (var i = 0; i <= FinishedWorkflowTrimmer.ChunkSize; i++)
                    {
                        await InsertAsync(session, $"old-finished-{i}", WorkflowStatus.Finished, old);
                    }

                    await InsertAsync(session, "recent-finished", WorkflowStatus.Finished, now.AddDays(-10));
                    await InsertAsync(session, "old-halted", WorkflowStatus.Halted, old);
                    await InsertAsync(session, "old-faulted", WorkflowStatus.Faulted, old);
                },
                CancellationToken.None);
        });

        var services = site.Site.ShellHost.Current!.Services;
        var deleted = await FinishedWorkflowTrimmer.TrimAsync(services, now.AddDays(-90), CancellationToken.None);

        Assert.Equal(FinishedWorkflowTrimmer.ChunkSize + 1, deleted);
        Assert.Equal(0, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"WorkflowId\" LIKE 'old-finished-%'"));
        Assert.Equal(3, await site.CountAsync("SELECT COUNT(*) FROM \"WorkflowInstances\" WHERE \"WorkflowId\" IN ('recent-finished', 'old-halted', 'old-faulted')"));
        Assert.Equal(0, await FinishedWorkflowTrimmer.TrimAsync(services, now.AddDays(-90), CancellationToken.None));
    }

    [Theory]
    [InlineData("30", 30)]
    [InlineData("0", 0)]
    [InlineData(null, WorkflowOptions.DefaultRetentionDays)]
    [InlineData("", WorkflowOptions.DefaultRetentionDays)]
    [InlineData("-5", WorkflowOptions.DefaultRetentionDays)]
    [InlineData("a month", WorkflowOptions.DefaultRetentionDays)]
    public void Retention_days_come_from_configuration_and_anything_unreadable_keeps_the_default(string? configured, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), FinishedWorkflowTrimmer.RetentionFrom(configured));
    }

    private static Task<int> InsertAsync(DbSession session, string id, WorkflowStatus status, DateTime updatedUtc) => session.ExecuteAsync(
        """
        INSERT INTO "WorkflowInstances" ("WorkflowId", "WorkflowTypeId", "Status", "CorrelationId", "FaultMessage", "Document", "Version", "CreatedUtc", "UpdatedUtc")
        VALUES (@id, 'type', @status, NULL, NULL, '{}', 1, @updated, @updated)
        """,
        CancellationToken.None,
        ("id", id),
        ("status", status.ToString()),
        ("updated", updatedUtc));
}
