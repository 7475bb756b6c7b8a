namespace Fleet.Benchmarks.Load;

/// <summary>Nearest-rank percentiles of a set of latencies, in milliseconds.</summary>
public sealed class Percentiles(IEnumerable<double> samples)
{
    private readonly double[] _sorted = [.. samples.Order()];

    public int Count => _sorted.Length;

    public double? At(double percent) =>
        _sorted.Length == 0 ? null : _sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
