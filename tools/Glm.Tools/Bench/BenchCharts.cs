using ScottPlot;

namespace Glm.Tools.Bench;

/// <summary>
/// The report's PNG charts (ScottPlot). Every chart is drawn from the sections' <see cref="BenchSeries"/>: the
/// throughput chart as grouped bars (one group per phase, one bar per configuration), every other chart as lines.
/// </summary>
internal static class BenchCharts
{
    /// <summary>Series of this chart hold [prompt tokens/s, generation tokens/s] of one configuration (bare loop, engine, server).</summary>
    public const string ThroughputChart = "throughput";

    /// <summary>Time to first token per keystroke of the typing session, one series per mode.</summary>
    public const string TypingChart = "typing-ttft";

    private static readonly string[] ThroughputPhases = ["prompt", "generation"];

    /// <summary>Writes one PNG per chart named in <paramref name="series"/>; returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, IEnumerable<BenchSeries> series)
    {
        var written = new List<string>();
        foreach (var chart in series.GroupBy(s => s.Chart))
        {
            var path = Path.Combine(directory, chart.Key + ".png");
            var plot = chart.Key == ThroughputChart ? Throughput([.. chart]) : Lines(chart.Key, [.. chart]);
            plot.SavePng(path, 800, 450);
            written.Add(path);
        }

        return written;
    }

    private static Plot Throughput(IReadOnlyList<BenchSeries> configurations)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groupWidth = configurations.Count + 1;
        for (var c = 0; c < configurations.Count; c++)
        {
            var color = palette.GetColor(c);
            var bars = configurations[c].Values.Take(ThroughputPhases.Length).Select((value, phase) => new Bar
            {
                Position = (phase * groupWidth) + c,
                Value = value,
                FillColor = color,
                Label = value.ToString(value >= 100 ? "F0" : "F1", System.Globalization.CultureInfo.InvariantCulture),
            });
            var barPlot = plot.Add.Bars(bars.ToList());
            barPlot.LegendText = configurations[c].Label;
        }

        var centres = ThroughputPhases.Select((_, phase) => (phase * groupWidth) + ((configurations.Count - 1) / 2.0)).ToArray();
        plot.Axes.Bottom.SetTicks(centres, ThroughputPhases);
        plot.Axes.Margins(bottom: 0);
        plot.Title("Tokens/s per configuration (same model, same run)");
        plot.YLabel(configurations[0].Unit);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    private static Plot Lines(string name, IReadOnlyList<BenchSeries> lines)
    {
        var plot = new Plot();
        foreach (var line in lines)
        {
            var xs = Enumerable.Range(1, line.Values.Count).Select(i => (double)i).ToArray();
            var scatter = plot.Add.Scatter(xs, line.Values.ToArray());
            scatter.LegendText = line.Label;
            scatter.MarkerSize = 3;
        }

        plot.Title(name switch
        {
            TypingChart => "Time to first token per keystroke",
            SpeculativeDecodingSection.VerifyCostChart => "One decode call with logits at every position, by batch size",
            _ => name,
        });
        plot.XLabel(name switch
        {
            TypingChart => "keystroke",
            SpeculativeDecodingSection.VerifyCostChart => "tokens in the batch",
            _ => "index",
        });
        plot.YLabel(lines[0].Unit);
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }
}
