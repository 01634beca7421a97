using System.Diagnostics;

namespace Lianjie.Bench.Ledger;

/// <summary>
/// Concurrent writers, each appending one event at a time and waiting for it, until the time is up
/// or the total count is reached. Every append is timed.
/// </summary>
internal static class AppendRun
{
    public static async Task<Result> RunAsync(int writers, int maxCount, TimeSpan duration, Func<int, Task<Func<long, Task>>> createWriter)
    {
        var appenders = new List<Func<long, Task>>(writers);
        for (var w = 0; w < writers; w++)
            appenders.Add(await createWriter(w));

        long claimed = 0;
        var perWriter = Enumerable.Range(0, writers).Select(_ => new Latencies()).ToArray();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var deadline = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var append = appenders[w];
            var latencies = perWriter[w];
            while (deadline.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref claimed);
                if (n > maxCount)
                    break;
                var start = Stopwatch.GetTimestamp();
                await append(n);
                latencies.Add(Stopwatch.GetElapsedTime(start));
            }
        })).ToList();
        await Task.WhenAll(tasks);
        deadline.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;

        var all = new Latencies();
        foreach (var l in perWriter)
            all.AddRange(l);
        return new Result(all, deadline.Elapsed, cpu);
    }

    /// <summary><paramref name="Cpu"/> is this process's CPU time (not the database server's).</summary>
    public sealed record Result(Latencies Latencies, TimeSpan Elapsed, TimeSpan Cpu)
    {
        public double CpuMicrosecondsPerAppend => Cpu.TotalMilliseconds * 1000 / Math.Max(1, Count);

        public int Count => Latencies.Count;

        public double PerSecond => Count / Elapsed.TotalSeconds;
    }
}
