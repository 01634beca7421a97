using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Lianjie.WeChat.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Sync;

/// <summary>
/// Runs follower syncs started from the admin, and resumes runs a crashed or stopped host left
/// behind (state Running, lease expired). WeChat:Sync:Background=false leaves them to the CLI.
/// </summary>
public sealed class WeChatFollowerSyncRunner(IServiceProvider services, IConfiguration configuration, TimeProvider clock, ILogger<WeChatFollowerSyncRunner> logger) : IShellBackgroundService
{
    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["WeChat:Sync:Background"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunOneAsync(stoppingToken))
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The run is marked Failed with its error; an admin resumes it.
                logger.LogWarning("A WeChat follower sync stopped: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Runs one due run to its end; false when none was due.</summary>
    public async Task<bool> RunOneAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        long? due;
        await using (var db = await session.CreateContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            due = await db.Set<WeChatFollowerSyncRun>().AsNoTracking()
                .Where(r => r.State == WeChatFollowerSyncState.Running && (r.LeaseUntilUtc == null || r.LeaseUntilUtc < now))
                .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (due is null)
        {
            return false;
        }

        try
        {
            await scope.ServiceProvider.GetRequiredService<WeChatFollowerSync>().RunAsync(due.Value, null, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // Another host claimed it first.
            return false;
        }
        catch (WeChatApiException)
        {
            // Recorded on the run (Failed, resumable).
        }

        return true;
    }
}
