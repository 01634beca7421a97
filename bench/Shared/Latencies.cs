namespace Lianjie.Bench;

/// <summary>Collected timings in milliseconds, shared by the benchmarks (linked into each project).</summary>
internal sealed class Latencies
{
    private readonly List<double> _millis = [];

    public int Count => _millis.Count;

    public void Add(TimeSpan elapsed) => _millis.Add(elapsed.TotalMilliseconds);

    public void AddRange(Latencies other) => _millis.AddRange(other._millis);

    /// <summary>Nearest-rank percentile, p in (0, 100].</summary>
    public double Percentile(double p)
    {
        if (_millis.Count == 0)
            return double.NaN;
        var sorted = _millis.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Median => Percentile(50);

    public double Min => _millis.Count == 0 ? double.NaN : _millis.Min();

    public double Mean => _millis.Count == 0 ? double.NaN : _millis.Average();
}
