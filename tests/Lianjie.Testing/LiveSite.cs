using Lianjie.Core.Modules;
using Lianjie.Core.Shells;
using Lianjie.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lianjie.Testing;

/// <summary>
/// The host on a real loopback port (Kestrel), for tests that a browser or another process must
/// reach. A fresh data directory each time; setup is left to the test (or the browser).
/// </summary>
public sealed class LiveSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveSite(WebApplication app, string dataDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public ShellHost ShellHost => _app.Services.GetRequiredService<ShellHost>();

    public static async Task<LiveSite> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("lianjie-live-").FullName;
        var app = LianjieHost.Build(["--data-dir", directory, "--urls", "http://127.0.0.1:0"], builder =>
        {
            var assemblies = ModuleAssemblyLoader.LoadFrom(AppContext.BaseDirectory).Concat(TestSite.ExtraModuleAssemblies).Distinct();
            builder.Services.AddSingleton(FeatureCatalog.FromAssemblies(assemblies));
        });
        await app.StartAsync();
        return new LiveSite(app, directory);
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
