using Lianjie.Core.Admin;
using Lianjie.Core.Modules;
using Lianjie.Core.Shells;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Bench.Host;

/// <summary>
/// A bench-only optional feature to switch on and off while the host serves requests: it plugs in a
/// service, a menu entry, an anonymous endpoint and a background service, like a small real module.
/// The module loader skips Lianjie.Bench assemblies, so the benchmark adds it to the catalog itself.
/// </summary>
public sealed class BenchToggleManifest : IModuleManifest
{
    public const string FeatureId = "Lianjie.Bench.Toggle";

    public ModuleInfo Module { get; } = new(FeatureId, "Bench toggle", "Benchmark module switched on and off under load.", "Bench", [], typeof(BenchToggleStartup));
}

public sealed class BenchToggleStartup : ModuleStartup
{
    public override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<BenchCounter>();
        services.AddSingleton<IAdminMenuContributor, BenchMenu>();
        services.AddSingleton<IShellBackgroundService, BenchBackground>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/bench/toggle", (BenchCounter counter) => Results.Json(new { hits = counter.Hit() })).AllowAnonymous();

    private sealed class BenchCounter
    {
        private long _hits;

        public long Hit() => Interlocked.Increment(ref _hits);
    }

    private sealed class BenchMenu : IAdminMenuContributor
    {
        public IEnumerable<AdminMenuItem> GetItems() => [new("Bench toggle", "/bench/toggle")];
    }

    private sealed class BenchBackground : IShellBackgroundService
    {
        public Task ExecuteAsync(CancellationToken stoppingToken) =>
            Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
