using System.Text.Json.Nodes;
using Lianjie.Core.Data;
using Lianjie.Core.Shells;
using Lianjie.WeChat.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.WeChat.Outbox;

/// <summary>
/// Sends due outbox items. An item is claimed with a lease (conditional update) so hosts never
/// send it twice at once; platform back-off codes (45009 quota, -1 busy) and network errors
/// reschedule it with growing delays; limit and validation errors fail it for good.
/// </summary>
public sealed class WeChatOutboxProcessor(IServiceProvider services, WeChatRateLimiter rateLimiter, IConfiguration configuration, TimeProvider clock, ILogger<WeChatOutboxProcessor> logger) : IShellBackgroundService
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    public async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // WeChat:Outbox:Background=false leaves sending to an explicit ProcessDueAsync (tests, a dedicated worker).
        if (string.Equals(configuration["WeChat:Outbox:Background"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await ProcessDueAsync(50, stoppingToken) == 0)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "The WeChat outbox loop failed; retrying in 5 s");
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Sends up to <paramref name="max"/> due items; returns how many it attempted.</summary>
    public async Task<int> ProcessDueAsync(int max, CancellationToken cancellationToken = default)
    {
        List<long> due;
        await using (var scope = services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await using var db = await session.CreateContextAsync(cancellationToken);
            var now = clock.GetUtcNow().UtcDateTime;
            due = await db.Set<WeChatOutboxItem>().AsNoTracking()
                .Where(i => i.Status == WeChatOutboxStatus.Pending && i.NextAttemptUtc <= now && (i.LeaseUntilUtc == null || i.LeaseUntilUtc < now))
                .OrderBy(i => i.NextAttemptUtc).ThenBy(i => i.Id)
                .Select(i => i.Id).Take(max).ToListAsync(cancellationToken);
        }

        var attempted = 0;
        foreach (var id in due)
        {
            await using var scope = services.CreateAsyncScope();
            if (await ClaimAsync(scope.ServiceProvider, id, cancellationToken) is { } item)
            {
                attempted++;
                await SendAsync(scope.ServiceProvider, item, cancellationToken);
            }
        }

        return attempted;
    }

    private async Task<WeChatOutboxItem?> ClaimAsync(IServiceProvider scope, long id, CancellationToken cancellationToken)
    {
        var session = scope.GetRequiredService<DbSession>();
        await using var db = await session.CreateContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + Lease;
        var claimed = await db.Set<WeChatOutboxItem>()
            .Where(i => i.Id == id && i.Status == WeChatOutboxStatus.Pending && (i.LeaseUntilUtc == null || i.LeaseUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseUntilUtc, until), cancellationToken);
        return claimed == 1 ? await db.Set<WeChatOutboxItem>().AsNoTracking().FirstAsync(i => i.Id == id, cancellationToken) : null;
    }

    private async Task SendAsync(IServiceProvider scope, WeChatOutboxItem item, CancellationToken cancellationToken)
    {
        string? result = null;
        string? error = null;
        var status = WeChatOutboxStatus.Done;
        var next = item.NextAttemptUtc;
        try
        {
            result = await DispatchAsync(scope, item, cancellationToken);
        }
        catch (WeChatLimitException e)
        {
            (status, error) = (WeChatOutboxStatus.Failed, e.Message);
        }
        catch (WeChatApiException e) when (e.ShouldBackOff)
        {
            (status, error, next) = Retry(item, e.Message, e.Code == WeChatApiException.QuotaReached ? TimeSpan.FromHours(1) : TimeSpan.FromSeconds(5));
        }
        catch (WeChatApiException e)
        {
            (status, error) = (WeChatOutboxStatus.Failed, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            (status, error, next) = Retry(item, e.Message, TimeSpan.FromSeconds(5));
        }

        if (error is not null)
        {
            logger.LogWarning("WeChat outbox item {Id} ({Kind}, {AppId}) attempt {Attempt}: {Error}; now {Status}", item.Id, item.Kind, item.AppId, item.Attempts + 1, error, status);
        }

        var session = scope.GetRequiredService<DbSession>();
        await using var db = await session.CreateContextAsync(CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<WeChatOutboxItem>().Where(i => i.Id == item.Id).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, status)
            .SetProperty(i => i.Attempts, item.Attempts + 1)
            .SetProperty(i => i.NextAttemptUtc, next)
            .SetProperty(i => i.LeaseUntilUtc, (DateTime?)null)
            .SetProperty(i => i.LastError, error == null ? null : error.Length > 1000 ? error.Substring(0, 1000) : error)
            .SetProperty(i => i.Result, result)
            .SetProperty(i => i.CompletedUtc, status == WeChatOutboxStatus.Pending ? null : now), CancellationToken.None);
    }

    /// <summary>Doubling delays from <paramref name="first"/>, capped at a day; gives up after <see cref="MaxAttempts"/>.</summary>
    private (WeChatOutboxStatus, string, DateTime) Retry(WeChatOutboxItem item, string error, TimeSpan first)
    {
        if (item.Attempts + 1 >= MaxAttempts)
        {
            return (WeChatOutboxStatus.Failed, $"Gave up after {MaxAttempts} attempts: {error}", item.NextAttemptUtc);
        }

        var delay = TimeSpan.FromTicks(Math.Min(TimeSpan.FromDays(1).Ticks, first.Ticks * (1L << Math.Min(item.Attempts, 20))));
        return (WeChatOutboxStatus.Pending, error, clock.GetUtcNow().UtcDateTime + delay);
    }

    private async Task<string?> DispatchAsync(IServiceProvider scope, WeChatOutboxItem item, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(item.Payload) as JsonObject ?? [];
        if (scope.GetServices<IWeChatOutboxHandler>().FirstOrDefault(h => h.Kind == item.Kind) is { } handler)
        {
            await rateLimiter.WaitAsync(item.AppId, cancellationToken);
            return await handler.SendAsync(item.AppId, payload, cancellationToken);
        }

        var client = scope.GetRequiredService<WeChatApiClient>();
        switch (item.Kind)
        {
            case WeChatOutboxKinds.Tag or WeChatOutboxKinds.Untag:
                var tags = scope.GetRequiredService<WeChatTagApi>();
                var tagId = payload["tagId"]!.GetValue<long>();
                var openIds = (payload["openIds"] as JsonArray ?? []).Select(o => o!.GetValue<string>()).ToList();
                foreach (var chunk in openIds.Chunk(WeChatPlatformLimits.MaxOpenIdsPerBatchTagging))
                {
                    await rateLimiter.WaitAsync(item.AppId, cancellationToken);
                    if (item.Kind == WeChatOutboxKinds.Tag)
                    {
                        await tags.TagAsync(item.AppId, tagId, chunk, cancellationToken);
                    }
                    else
                    {
                        await tags.UntagAsync(item.AppId, tagId, chunk, cancellationToken);
                    }
                }

                return $"{openIds.Count} openids";
            case WeChatOutboxKinds.MenuDelete:
                await rateLimiter.WaitAsync(item.AppId, cancellationToken);
                return (await client.GetAsync(item.AppId, "/cgi-bin/menu/delete", null, cancellationToken)).ToJsonString();
            default:
                await rateLimiter.WaitAsync(item.AppId, cancellationToken);
                var response = await client.PostAsync(item.AppId, PathOf(item.Kind), payload, cancellationToken);
                return response.ToJsonString();
        }
    }

    private static string PathOf(string kind) => kind switch
    {
        WeChatOutboxKinds.CustomMessage => "/cgi-bin/message/custom/send",
        WeChatOutboxKinds.TemplateMessage => "/cgi-bin/message/template/send",
        WeChatOutboxKinds.MassMessage => "/cgi-bin/message/mass/sendall",
        WeChatOutboxKinds.Menu => "/cgi-bin/menu/create",
        _ => throw new WeChatLimitException(0, $"Unknown outbox kind '{kind}'."),
    };
}
