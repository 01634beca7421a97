using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lianjie.Bench.Host;

/// <summary>
/// Start-up time: from process start to the first 200 on /health, for Lianjie.Web over a freshly set
/// up site (SQLite, blank recipe) and for a bare ASP.NET Core app, alternating, published once each.
/// </summary>
internal sealed class StartupBenchmark(string repoRoot, string workFolder, int runs)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public Latencies Host { get; } = new();

    public Latencies Baseline { get; } = new();

    public Latencies Setup { get; } = new();

    public async Task RunAsync()
    {
        var hostDir = Path.Combine(workFolder, "host");
        var baselineDir = Path.Combine(workFolder, "baseline");
        Console.WriteLine("Publishing Lianjie.Web and the baseline app (Release)...");
        await PublishAsync(Path.Combine(repoRoot, "src/Host/Lianjie.Web/Lianjie.Web.csproj"), hostDir);
        await PublishAsync(Path.Combine(repoRoot, "bench/Lianjie.Bench.Host.Baseline/Lianjie.Bench.Host.Baseline.csproj"), baselineDir);

        // One untimed start of each first, so both begin with warm file caches.
        for (var run = 0; run <= runs; run++)
        {
            var label = run == 0 ? "warm-up" : $"run {run}/{runs}";
            var dataDir = Path.Combine(workFolder, $"site-{run}");
            try
            {
                var setup = Stopwatch.StartNew();
                await RunToEndAsync(hostDir, "Lianjie.Web", ["setup", "--recipe", "blank", "--site-name", "Bench", "--admin", "admin", "--password", "Passw0rd!", "--data-dir", dataDir]);
                setup.Stop();
                var host = await TimeToHealthyAsync(hostDir, "Lianjie.Web", ["--data-dir", dataDir]);
                var baseline = await TimeToHealthyAsync(baselineDir, "Lianjie.Bench.Host.Baseline", []);
                Console.WriteLine($"  {label}: setup {setup.Elapsed.TotalMilliseconds:F0} ms, Lianjie.Web {host.TotalMilliseconds:F0} ms, baseline {baseline.TotalMilliseconds:F0} ms");
                if (run == 0)
                    continue;
                Setup.Add(setup.Elapsed);
                Host.Add(host);
                Baseline.Add(baseline);
            }
            finally
            {
                if (Directory.Exists(dataDir))
                    Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static async Task PublishAsync(string project, string output)
    {
        var code = await RunToEndAsync(null, "dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet"]);
        if (code != 0)
            throw new InvalidOperationException($"dotnet publish {project} failed with exit code {code}.");
    }

    private static async Task<TimeSpan> TimeToHealthyAsync(string dir, string app, string[] args)
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var start = StartInfo(dir, app, [.. args, "--urls", url]);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {app}.");
        Drain(process);
        try
        {
            while (watch.Elapsed < StartTimeout)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"{app} exited with code {process.ExitCode} before it was healthy.");
                try
                {
                    using var response = await client.GetAsync(url + "/health");
                    if (response.StatusCode == HttpStatusCode.OK)
                        return watch.Elapsed;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(PollInterval);
            }

            throw new TimeoutException($"{app} was not healthy within {StartTimeout.TotalSeconds} s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<int> RunToEndAsync(string? dir, string app, string[] args)
    {
        using var process = Process.Start(StartInfo(dir, app, args)) ?? throw new InvalidOperationException($"Could not start {app}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{app} {string.Join(' ', args)} did not finish within 5 minutes.");
        }

        if (process.ExitCode != 0 && dir is not null)
            throw new InvalidOperationException($"{app} {string.Join(' ', args)} failed ({process.ExitCode}): {await output}{await error}");
        await Task.WhenAll(output, error);
        return process.ExitCode;
    }

    /// <summary>The published app host when there is one, else `dotnet app.dll`.</summary>
    private static ProcessStartInfo StartInfo(string? dir, string app, string[] args)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (dir is null)
        {
            start.FileName = app;
        }
        else
        {
            var appHost = Path.Combine(dir, OperatingSystem.IsWindows() ? app + ".exe" : app);
            start.WorkingDirectory = dir;
            if (File.Exists(appHost))
            {
                start.FileName = appHost;
            }
            else
            {
                start.FileName = "dotnet";
                start.ArgumentList.Add(Path.Combine(dir, app + ".dll"));
            }
        }

        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private static void Drain(Process process)
    {
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
