using Lianjie.Core.Shells;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Tags.Services;

/// <summary>Takes expired tags off followers (e.g. 活跃 after 30 days) while the shell runs.</summary>
internal sealed class TagExpirySweeper(IServiceProvider services, ILogger<TagExpirySweeper> logger) : IShellBackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAllAsync(services, stoppingToken);
                await Task.Delay(Interval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Sweeping expired tags failed; retrying in a minute");
                try
                {
                    await Task.Delay(Interval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sweeps until nothing is due (tests call it directly).</summary>
    public static async Task<int> SweepAllAsync(IServiceProvider shellServices, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var scope = shellServices.CreateAsyncScope();
            var swept = await scope.ServiceProvider.GetRequiredService<TagService>().SweepExpiredAsync(TagService.ChunkSize, cancellationToken);
            total += swept;
            if (swept < TagService.ChunkSize)
            {
                return total;
            }
        }
    }
}
