using Lianjie.Core.Shells;

namespace Lianjie.Web.Hosting;

/// <summary>Loads an already set-up site when the server starts (and stops its shell on shutdown).</summary>
internal sealed class ShellHostInitializer(ShellHost host) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => host.InitializeAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (host.Current is { } shell)
        {
            await shell.DisposeAsync();
        }
    }
}
