using System.Globalization;
using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lianjie.Workflows.Persistence;

/// <summary>
/// Deletes finished instances older than <see cref="WorkflowOptions.FinishedInstanceRetention"/>, once an
/// hour, a chunk per transaction so the write lock (SQLite) is never held for long. Halted and faulted
/// instances stay: they still wait for something or need someone to look at them.
/// </summary>
internal sealed class FinishedWorkflowTrimmer(IServiceProvider services, IOptions<WorkflowOptions> options, TimeProvider clock, ILogger<FinishedWorkflowTrimmer> logger) : IShellBackgroundService
{
    public const string RetentionDaysKey = "Workflows:FinishedInstanceRetentionDays";

    public const int ChunkSize = 1000;

    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private static readonly TimeSpan FirstRunAfter = TimeSpan.FromMinutes(1);

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = FirstRunAfter;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
                wait = Interval;
                var retention = options.Value.FinishedInstanceRetention;
                if (retention > TimeSpan.Zero)
                {
                    var deleted = await TrimAsync(services, clock.GetUtcNow().UtcDateTime - retention, stoppingToken);
                    if (deleted > 0)
                    {
                        logger.LogInformation("Deleted {Count} finished workflow instances older than {Days} days.", deleted, retention.TotalDays);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Trimming finished workflow instances failed; trying again in {Interval}.", Interval);
            }
        }
    }

    /// <summary>Deletes every finished instance last updated before <paramref name="cutoffUtc"/>; returns how many.</summary>
    public static async Task<int> TrimAsync(IServiceProvider services, DateTime cutoffUtc, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var scope = services.CreateAsyncScope();
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            var deleted = 0;
            await session.InTransactionAsync(
                async () => deleted = await session.ExecuteAsync(
                    """
                    DELETE FROM "WorkflowInstances" WHERE "WorkflowId" IN (
                      SELECT "WorkflowId" FROM "WorkflowInstances" WHERE "Status" = @status AND "UpdatedUtc" < @cutoff LIMIT @chunk)
                    """,
                    cancellationToken,
                    ("status", nameof(WorkflowStatus.Finished)),
                    ("cutoff", cutoffUtc),
                    ("chunk", ChunkSize)),
                cancellationToken);
            total += deleted;
            if (deleted < ChunkSize)
            {
                return total;
            }
        }
    }

    /// <summary>Reads <see cref="RetentionDaysKey"/>: a whole number of days, 0 for no limit; anything else keeps the default.</summary>
    public static TimeSpan RetentionFrom(string? configured) =>
        int.TryParse(configured, NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? TimeSpan.FromDays(days)
            : TimeSpan.FromDays(WorkflowOptions.DefaultRetentionDays);
}
