using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Lianjie.Bench.WeChat;

/// <summary>
/// Drives a callback URL with pre-composed callbacks: closed loop (N clients, each sends the next as
/// soon as the last answered) or open loop (a fixed rate, latency measured from the scheduled send
/// time so a stalled server cannot hide its queueing).
/// </summary>
internal static class LoadGenerator
{
    public static HttpClient CreateClient(string baseUrl, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseCookies = false, AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(baseUrl),
            Timeout = TimeSpan.FromSeconds(30),
        };

    public static async Task<Result> ClosedLoopAsync(HttpClient http, ConcurrentQueue<CallbackFactory.Callback> callbacks, CallbackFactory factory, int clients, TimeSpan duration)
    {
        var results = Enumerable.Range(0, clients).Select(_ => new Result()).ToArray();
        var cpu = Result.ProcessCpu();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(results.Select(r => Task.Run(async () =>
        {
            while (watch.Elapsed < duration)
            {
                var callback = callbacks.TryDequeue(out var c) ? c : factory.Next();
                var sent = Stopwatch.GetTimestamp();
                await SendAsync(http, callback, r);
                r.Latencies.Add(Stopwatch.GetElapsedTime(sent));
            }
        })));
        watch.Stop();
        var merged = Result.Merge(results, watch.Elapsed);
        merged.Cpu = Result.ProcessCpu() - cpu;
        return merged;
    }

    public static async Task<Result> OpenLoopAsync(HttpClient http, ConcurrentQueue<CallbackFactory.Callback> callbacks, CallbackFactory factory, double perSecond, TimeSpan duration)
    {
        var result = new Result();
        var cpu = Result.ProcessCpu();
        var inFlight = new List<Task>();
        var gate = new object();
        var start = Stopwatch.GetTimestamp();
        var total = (int)(perSecond * duration.TotalSeconds);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / perSecond);
            var wait = due - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
                await Task.Delay(wait);
            var callback = callbacks.TryDequeue(out var c) ? c : factory.Next();
            inFlight.Add(Task.Run(async () =>
            {
                var one = new Result();
                await SendAsync(http, callback, one);
                var latency = Stopwatch.GetElapsedTime(start) - due; // from the scheduled time
                lock (gate)
                {
                    result.Latencies.Add(latency);
                    result.Failures += one.Failures;
                    result.FailureSamples.AddRange(one.FailureSamples.Take(Math.Max(0, 5 - result.FailureSamples.Count)));
                }
            }));
        }

        await Task.WhenAll(inFlight);
        result.Elapsed = Stopwatch.GetElapsedTime(start);
        result.Cpu = Result.ProcessCpu() - cpu;
        return result;
    }

    /// <summary>Posts one callback; true when the answer was 200 (a "success" or an encrypted reply).</summary>
    public static async Task<bool> SendAsync(HttpClient http, CallbackFactory.Callback callback, Result result)
    {
        try
        {
            using var content = new StringContent(callback.Body, Encoding.UTF8, "text/xml");
            using var response = await http.PostAsync(callback.PathAndQuery, content);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode && body == "success")
                return true;
            result.Fail($"{(int)response.StatusCode}: {body[..Math.Min(body.Length, 120)]}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            result.Fail($"{e.GetType().Name}: {e.Message}");
        }

        return false;
    }

    internal sealed class Result
    {
        public Latencies Latencies { get; } = new();

        public int Failures { get; set; }

        public List<string> FailureSamples { get; } = [];

        public TimeSpan Elapsed { get; set; }

        /// <summary>CPU the whole process used in the phase (server and load generator; SQLite runs in process).</summary>
        public TimeSpan Cpu { get; set; }

        public double CpuMicrosecondsPerRequest => Latencies.Count == 0 ? 0 : Cpu.TotalMicroseconds / Latencies.Count;

        public static TimeSpan ProcessCpu()
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }

        public double PerSecond => (Latencies.Count - Failures) / Elapsed.TotalSeconds;

        public void Fail(string message)
        {
            Failures++;
            if (FailureSamples.Count < 5)
                FailureSamples.Add(message);
        }

        public static Result Merge(IEnumerable<Result> parts, TimeSpan elapsed)
        {
            var merged = new Result { Elapsed = elapsed };
            foreach (var part in parts)
            {
                merged.Latencies.AddRange(part.Latencies);
                merged.Failures += part.Failures;
                merged.FailureSamples.AddRange(part.FailureSamples.Take(Math.Max(0, 5 - merged.FailureSamples.Count)));
            }

            return merged;
        }
    }
}
