using Lianjie.Core.Shells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Followers.Import.Jobs;

/// <summary>Wakes the worker when a job is queued, so it does not wait for its next poll.</summary>
public sealed class ImportJobSignal
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource _pastStartUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Done once the worker has resumed the jobs a stop left "running" (or found none): a job marked
    /// running after this is never taken for an interrupted one (an inline runner waits for it).
    /// </summary>
    public Task PastStartUp => _pastStartUp.Task;

    public void Pulse() => _signal.Release();

    internal void MarkPastStartUp() => _pastStartUp.TrySetResult();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Runs queued imports one at a time, off the request path. Cancelled when the shell is swapped
/// or the host stops; the next worker resumes the job from its last committed chunk.
/// </summary>
internal sealed class ImportJobWorker(IServiceProvider services, ImportJobSignal signal, ILogger<ImportJobWorker> logger) : IShellBackgroundService
{
    private async Task EnsureLastSeenIndexAsync(IServiceProvider scoped, CancellationToken stoppingToken)
    {
        try
        {
            await LastSeenIndex.EnsureAsync(scoped.GetRequiredService<Lianjie.Core.Data.DbSession>(), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not build the followers' last-seen index; the next import builds it");
        }
    }

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Jobs left "running" are resumed once, at start: they were interrupted by a stop or swap.
        var startingUp = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var jobs = scope.ServiceProvider.GetRequiredService<ImportJobStore>();
                var job = await jobs.ClaimNextAsync(startingUp, stoppingToken);
                if (job is null && startingUp)
                {
                    // No interrupted import to resume: one that dropped the last-seen index and then
                    // crashed left it missing, so build it now (a no-op when it is there).
                    signal.MarkPastStartUp();
                    await EnsureLastSeenIndexAsync(scope.ServiceProvider, stoppingToken);
                }

                startingUp = job is not null && startingUp;
                if (job is null)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
                    continue;
                }

                await scope.ServiceProvider.GetRequiredService<FollowerImporter>().RunAsync(job, cancellationToken: stoppingToken);
                await EnsureLastSeenIndexAsync(scope.ServiceProvider, stoppingToken); // a resumed job may not have dropped it itself
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Follower import failed; retrying shortly");
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
