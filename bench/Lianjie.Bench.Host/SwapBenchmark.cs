using System.Diagnostics;
using Lianjie.Core.Modules;
using Lianjie.Core.Shells;
using Lianjie.Web.Hosting;
using Lianjie.Web.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lianjie.Bench.Host;

/// <summary>
/// Shell swaps under load: Lianjie.Web in-process on Kestrel (loopback, SQLite), concurrent clients
/// looping over anonymous pages that run through the shell, first without feature changes (the
/// baseline), then while features are enabled and disabled back to back.
/// </summary>
internal sealed class SwapBenchmark(string workFolder, int clients, TimeSpan phase, IReadOnlyList<string> requestedFeatures)
{
    private static readonly string[] Paths = ["/health", "/login"];

    public Phase Steady { get; private set; } = new();

    public Phase Swapping { get; private set; } = new();

    public Phase Paced { get; private set; } = new();

    public IReadOnlyList<string> Features { get; private set; } = [];

    public async Task RunAsync()
    {
        var dataDir = Path.Combine(workFolder, "swap-site");
        var catalog = FeatureCatalog.FromAssemblies(ModuleAssemblyLoader.LoadFrom(AppContext.BaseDirectory).Append(typeof(BenchToggleManifest).Assembly).Distinct());
        await using var app = LianjieHost.Build(["--data-dir", dataDir, "--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Host.UseServiceProviderFactory(new CatalogProviderFactory(catalog));
            builder.Logging.ClearProviders(); // the host still logs to its data directory
        });
        await app.StartAsync();
        try
        {
            var report = await app.Services.GetRequiredService<SiteSetup>().RunAsync(new SetupRequest("Bench", "Asia/Shanghai", "admin", "Passw0rd!", null, null, "blank"));
            if (!report.Succeeded)
                throw new InvalidOperationException($"Setup failed: {report.Failure}");
            var shells = app.Services.GetRequiredService<ShellHost>();
            Features = requestedFeatures.Count > 0
                ? requestedFeatures
                : catalog.All.Where(f => !f.AlwaysEnabled && f.Dependencies.All(d => catalog.Get(d).AlwaysEnabled)).Select(f => f.Id).Order(StringComparer.Ordinal).ToList();
            if (Features.Count == 0)
                throw new InvalidOperationException("No optional feature to switch.");
            var baseUrl = app.Urls.First();
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false, AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

            Console.WriteLine($"Warming up against {baseUrl} (features: {string.Join(", ", Features)})...");
            await shells.EnableAsync(Features); // first enable also runs any migrations
            await shells.DisableAsync(Features);
            await LoadAsync(http, TimeSpan.FromSeconds(2), null, TimeSpan.Zero);

            Console.WriteLine($"Steady: {clients} clients for {phase.TotalSeconds:F0} s, no feature changes...");
            Steady = await LoadAsync(http, phase, null, TimeSpan.Zero);
            Console.WriteLine($"Paced: {clients} clients for {phase.TotalSeconds:F0} s with one feature change a second...");
            Paced = await LoadAsync(http, phase, shells, TimeSpan.FromSeconds(1));
            Console.WriteLine($"Swapping: {clients} clients for {phase.TotalSeconds:F0} s while enabling and disabling back to back...");
            Swapping = await LoadAsync(http, phase, shells, TimeSpan.Zero);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>Runs the clients until the phase ends; with a shell host, also swaps shells until then.</summary>
    private async Task<Phase> LoadAsync(HttpClient http, TimeSpan duration, ShellHost? shells, TimeSpan gap)
    {
        var result = new Phase();
        var perClient = Enumerable.Range(0, clients).Select(_ => new ClientResult()).ToArray();
        using var stop = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        var tasks = perClient.Select((r, i) => Task.Run(() => ClientAsync(http, i, r, stop.Token))).ToList();
        var swaps = shells is null ? Task.CompletedTask : Task.Run(() => SwapAsync(shells, result, gap, stop.Token));
        await Task.Delay(duration);
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        await swaps;
        watch.Stop();
        result.Elapsed = watch.Elapsed;
        foreach (var r in perClient)
        {
            result.Latencies.AddRange(r.Latencies);
            result.Failures += r.Failures;
            result.FailureSamples.AddRange(r.FailureSamples.Take(5 - Math.Min(5, result.FailureSamples.Count)));
        }

        return result;
    }

    private static async Task ClientAsync(HttpClient http, int client, ClientResult result, CancellationToken stop)
    {
        for (var i = client; !stop.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var response = await http.GetAsync(Paths[i % Paths.Length], HttpCompletionOption.ResponseContentRead, CancellationToken.None);
                watch.Stop();
                if ((int)response.StatusCode >= 400)
                    result.Fail($"{Paths[i % Paths.Length]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                watch.Stop();
                result.Fail($"{Paths[i % Paths.Length]}: {e.GetType().Name}: {e.Message}");
            }

            result.Latencies.Add(watch.Elapsed);
        }
    }

    /// <summary>Enables then disables the features until the phase ends, waiting <paramref name="gap"/> after each change.</summary>
    private async Task SwapAsync(ShellHost shells, Phase result, TimeSpan gap, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var watch = Stopwatch.StartNew();
            await shells.EnableAsync(Features, CancellationToken.None);
            result.Enables.Add(watch.Elapsed);
            await PauseAsync(gap, stop);
            watch.Restart();
            await shells.DisableAsync(Features, CancellationToken.None);
            result.Disables.Add(watch.Elapsed);
            await PauseAsync(gap, stop);
        }
    }

    private static Task PauseAsync(TimeSpan gap, CancellationToken stop) =>
        gap <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(gap, stop).ContinueWith(_ => { }, TaskScheduler.Default);

    internal sealed class Phase
    {
        public Latencies Latencies { get; } = new();

        public int Failures { get; set; }

        public List<string> FailureSamples { get; } = [];

        public TimeSpan Elapsed { get; set; }

        public Latencies Enables { get; } = new();

        public Latencies Disables { get; } = new();

        public int Swaps => Enables.Count + Disables.Count;

        public double RequestsPerSecond => Latencies.Count / Elapsed.TotalSeconds;
    }

    private sealed class ClientResult
    {
        public Latencies Latencies { get; } = new();

        public int Failures { get; private set; }

        public List<string> FailureSamples { get; } = [];

        public void Fail(string message)
        {
            Failures++;
            if (FailureSamples.Count < 5)
                FailureSamples.Add(message);
        }
    }
}
