using Lianjie.Core.Modules;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Core.Shells;

/// <summary>
/// One built site: services and request pipeline for a fixed set of enabled features. Requests
/// hold a lease; a retired shell is disposed once its last request finishes.
/// </summary>
public sealed class ShellContext : IAsyncDisposable
{
    private int _active;
    private int _retired;
    private int _disposed;
    private CancellationTokenSource? _backgroundStop;
    private List<Task> _background = [];

    internal ShellContext(IReadOnlyList<FeatureInfo> features, ServiceProvider services)
    {
        Features = features;
        Services = services;
        FeatureIds = features.Select(f => f.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<FeatureInfo> Features { get; }

    public IReadOnlySet<string> FeatureIds { get; }

    public ServiceProvider Services { get; }

    public RequestDelegate Pipeline { get; internal set; } = _ => Task.CompletedTask;

    public IReadOnlyList<EndpointDataSource> EndpointSources { get; internal set; } = [];

    public bool IsRetired => Volatile.Read(ref _retired) == 1;

    public int ActiveRequests => Volatile.Read(ref _active);

    public bool IsEnabled(string featureId) => FeatureIds.Contains(featureId);

    /// <summary>Takes a lease; false when the shell was retired meanwhile (the caller retries on the new one).</summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _active);
        if (IsRetired)
        {
            Leave();
            return false;
        }

        return true;
    }

    public void Leave()
    {
        if (Interlocked.Decrement(ref _active) == 0 && IsRetired)
        {
            _ = DisposeAsync().AsTask();
        }
    }

    internal void StartBackground()
    {
        _backgroundStop = new CancellationTokenSource();
        var token = _backgroundStop.Token;
        _background = Services.GetServices<IShellBackgroundService>()
            .Select(s => Task.Run(() => s.ExecuteAsync(token), CancellationToken.None))
            .ToList();
    }

    internal async Task StopBackgroundAsync()
    {
        if (_backgroundStop is null)
        {
            return;
        }

        await _backgroundStop.CancelAsync();
        try
        {
            await Task.WhenAll(_background);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // A service that was still starting when the host shut down: stopping must not fail.
        }

        _backgroundStop.Dispose();
        _backgroundStop = null;
    }

    internal async Task RetireAsync()
    {
        Interlocked.Exchange(ref _retired, 1);
        await StopBackgroundAsync();
        if (ActiveRequests == 0)
        {
            await DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopBackgroundAsync();
        await Services.DisposeAsync();
    }
}

/// <summary>Work a feature runs for as long as its shell is the live one (ledger reactors, outbox).</summary>
public interface IShellBackgroundService
{
    Task ExecuteAsync(CancellationToken stoppingToken);
}
