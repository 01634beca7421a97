using Lianjie.Core.Shells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Tags.Services;

/// <summary>Works through bulk tagging jobs chunk by chunk; picks unfinished jobs up again after a restart.</summary>
internal sealed class TagJobRunner(IServiceProvider services, TagJobSignal signal, ILogger<TagJobRunner> logger) : IShellBackgroundService
{
    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                bool worked;
                await using (var scope = services.CreateAsyncScope())
                {
                    worked = await scope.ServiceProvider.GetRequiredService<TagJobService>().RunNextChunkAsync(TagService.ChunkSize, stoppingToken);
                }

                if (!worked)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "A tag job chunk failed");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}

/// <summary>Wakes the runner when a job is queued, so small jobs finish at once.</summary>
public sealed class TagJobSignal
{
    private readonly SemaphoreSlim _semaphore = new(0);

    public void Pulse()
    {
        if (_semaphore.CurrentCount == 0)
        {
            _semaphore.Release();
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _semaphore.WaitAsync(timeout, cancellationToken);
}
