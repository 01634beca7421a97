using System.Diagnostics;

namespace Lianjie.Bench.Workflows;

/// <summary>Counts the commands Npgsql executes (its tracing source), process-wide, while alive.</summary>
internal sealed class StatementCounter : IDisposable
{
    private readonly ActivityListener _listener;
    private long _count;

    public StatementCounter()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
            ActivityStarted = _ => Interlocked.Increment(ref _count),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
