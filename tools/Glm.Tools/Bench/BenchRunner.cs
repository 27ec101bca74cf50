using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench;

/// <summary>Runs the chosen sections one after another and writes bench.md, bench.json and the charts.</summary>
internal static class BenchRunner
{
    public static async Task<BenchReport> RunAsync(
        BenchContext context,
        IReadOnlyList<IBenchmarkSection> sections,
        string modelDescription,
        bool impossibleTargets,
        CancellationToken cancellationToken)
    {
        if (MachineInfo.IsDebugBuild)
        {
            context.Logger.LogWarning("This is a Debug build: the managed bandwidth probe runs unoptimised and its figures are wrong; run a Release build.");
        }

        var started = DateTimeOffset.UtcNow;
        var loadAtStart = MachineInfo.ReadLoadAverage();
        var clock = Stopwatch.StartNew();
        var results = new List<BenchSectionResult>();
        foreach (var section in sections)
        {
            context.Logger.LogInformation("Section {Section}…", section.Name);
            var sectionClock = Stopwatch.StartNew();
            var result = await RunSectionAsync(section, context, cancellationToken);
            context.Logger.LogInformation(
                "Section {Section} done in {Seconds:F0} s: {Targets}",
                section.Name, sectionClock.Elapsed.TotalSeconds, string.Join("; ", result.Targets.Select(t => $"{t.Name} {t.Measured:F3} ({(t.Met ? "met" : "MISSED")})")));
            results.Add(impossibleTargets ? MakeImpossible(result) : result);
        }

        var report = new BenchReport(
            started,
            clock.Elapsed,
            context.Quick,
            context.Threads,
            context.ModelPath,
            modelDescription,
            MachineInfo.Collect() with { LoadAverage = loadAtStart },
            MachineInfo.ReadLoadAverage(),
            results)
        {
            MeasureCpu = context.MeasureCpu,
        };
        Directory.CreateDirectory(context.OutputDirectory);
        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "bench.md"), report.ToMarkdown(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(context.OutputDirectory, "bench.json"), report.ToJson(), cancellationToken);
        foreach (var chart in BenchCharts.Write(context.OutputDirectory, results.SelectMany(r => r.Series)))
        {
            context.Logger.LogInformation("Wrote {Chart}", chart);
        }

        return report;
    }

    /// <summary>
    /// A section that fails does not end the run: the others still measure, and its failure becomes a missed target
    /// carrying the error, so --check reports it.
    /// </summary>
    private static async Task<BenchSectionResult> RunSectionAsync(IBenchmarkSection section, BenchContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await section.RunAsync(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            context.Logger.LogError(exception, "Section {Section} failed", section.Name);
            var failed = new BenchTarget(section.Name, "section completed", 0, 1, true, "", $"{exception.GetType().Name}: {exception.Message}");
            return new BenchSectionResult(section.Name, [failed], new Dictionary<string, string>(), [], null);
        }
    }

    /// <summary>For the test of --check: every target becomes one no measurement can meet.</summary>
    private static BenchSectionResult MakeImpossible(BenchSectionResult result) => result with
    {
        Targets = [.. result.Targets.Select(t => t with { Target = t.HigherIsBetter ? 1e12 : -1e12 })],
    };
}
