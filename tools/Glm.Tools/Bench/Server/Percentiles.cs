namespace Glm.Tools.Bench.Server;

/// <summary>Order statistics for benchmark figures: nearest-rank percentiles, so every reported value was measured.</summary>
public static class Percentiles
{
    /// <summary>The nearest-rank <paramref name="percent"/>th percentile (0 &lt; percent ≤ 100); NaN for no values.</summary>
    public static double Of(IEnumerable<double> values, double percent)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    /// <summary>The lower median (nearest rank 50): a value that was measured, not an average of two.</summary>
    public static double Median(IEnumerable<double> values) => Of(values, 50);

    public static double P95(IEnumerable<double> values) => Of(values, 95);
}
