using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Lianjie.Workflows.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Workflows.Delivery;

/// <summary>Fires due timers and retries failed deliveries whose backoff has passed.</summary>
internal sealed class WorkflowBackgroundService(IServiceProvider services, TimeProvider clock, ILogger<WorkflowBackgroundService> logger) : IShellBackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
                await ProcessTimersAsync(services, stoppingToken);
                await RetryDueAsync(services, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Workflow timers or retries failed; trying again in {Interval}.", Interval);
            }
        }
    }

    public static async Task ProcessTimersAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IWorkflowManager>().ProcessTimersAsync(cancellationToken);
    }

    /// <summary>One transaction for the due failures; each retry has its own savepoint inside.</summary>
    public static async Task<int> RetryDueAsync(IServiceProvider services, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var dispatcher = scope.ServiceProvider.GetRequiredService<WorkflowDispatcher>();
        await session.BeginTransactionAsync(cancellationToken);
        var due = await dispatcher.Failures.ListDueAsync(clock.GetUtcNow().UtcDateTime, 50, cancellationToken);
        dispatcher.Begin();
        foreach (var failure in due)
        {
            await dispatcher.RetryAsync(failure, cancellationToken);
        }

        await dispatcher.CompleteAsync(cancellationToken);
        await session.CommitAsync(cancellationToken);
        return due.Count;
    }
}
