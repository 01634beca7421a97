using Lianjie.Core.Shells;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Contents.Services;

/// <summary>Publishes drafts whose PublishLaterPart time has come, checking every few seconds.</summary>
internal sealed class ScheduledPublisher(IServiceProvider services, IConfiguration configuration, ILogger<ScheduledPublisher> logger) : IShellBackgroundService
{
    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Lianjie:Contents:SchedulerSeconds", 15)));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var published = await scope.ServiceProvider.GetRequiredService<ContentManager>().PublishDueAsync(stoppingToken);
                if (published > 0)
                {
                    logger.LogInformation("Published {Count} scheduled content items", published);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Scheduled publishing failed; retrying");
            }

            try
            {
                await Task.Delay(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
