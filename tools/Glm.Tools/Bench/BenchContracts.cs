using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench;

/// <summary>What every benchmark section is given: the models to run on and where to write.</summary>
/// <param name="ModelPath">GLM-shaped GGUF model with random weights (made by make-test-model --shape).</param>
/// <param name="Quick">True for the few-minutes run on 2 cores; false for the full run on 28-layer models.</param>
/// <param name="Threads">Compute threads used by the engine, the bare loop and the bandwidth probe alike.</param>
/// <param name="OutputDirectory">Folder for JSON, Markdown and charts (artifacts/bench by default).</param>
/// <param name="ServerExecutable">Path of the glm-lsp executable for the sections that drive a real server over stdio.</param>
/// <param name="Smoke">The smallest run that still goes through every step of every section (for the tests of the
/// bench command, hidden option --smoke): its figures mean nothing. Implies <paramref name="Quick"/>.</param>
/// <param name="Rounds">Timed rounds of the interleaved engine-level sections instead of the plan's (--rounds): more rounds
/// to follow a trend across them, or steadier medians on a busy machine.</param>
public sealed record BenchContext(string ModelPath, bool Quick, int Threads, string OutputDirectory, string ServerExecutable, ILogger Logger, bool Smoke = false, int? Rounds = null)
{
    /// <summary>
    /// The CPU every measured decode and bandwidth pass runs on (the engine's and the server's inference thread, the
    /// bare loop, the probe), so both sides of each ratio see the same core; null leaves placement to the OS.
    /// </summary>
    public int? MeasureCpu { get; init; }

    /// <summary>
    /// How long the CPU laptop section keeps a document open before asking for its first suggestion (--open-wait); null
    /// for the section's default.
    /// </summary>
    public TimeSpan? OpenWait { get; init; }

    /// <summary>Engine options for this run's model: its threads, and its inference thread on <see cref="MeasureCpu"/>.</summary>
    public Glm.Inference.Engine.EngineOptions EngineOptions() => new(ModelPath) { Threads = Threads, InferenceCpu = MeasureCpu };
}

/// <summary>One target from the issue, measured in this run.</summary>
/// <param name="Section">Section name, e.g. "Engine overhead".</param>
/// <param name="Name">What is compared, e.g. "generation tokens/s, engine / bare loop".</param>
/// <param name="Measured">The measured figure (usually a ratio against a baseline of the same run).</param>
/// <param name="Target">The threshold from the issue.</param>
/// <param name="HigherIsBetter">True when Measured must be at least Target; false when at most.</param>
/// <param name="Unit">Unit of Measured and Target ("×", "ms", "MB", "tokens", "").</param>
/// <param name="Detail">The raw figures the ratio came from, for the table.</param>
public sealed record BenchTarget(string Section, string Name, double Measured, double Target, bool HigherIsBetter, string Unit, string Detail)
{
    public bool Met => HigherIsBetter ? Measured >= Target : Measured <= Target;
}

/// <summary>A series of numbers for a chart, e.g. time to first token per keystroke in one mode.</summary>
/// <param name="Chart">File stem of the chart it belongs to, e.g. "typing-ttft".</param>
/// <param name="Label">Legend label, e.g. "with reuse".</param>
/// <param name="Values">Y values in order (X is the index).</param>
/// <param name="Unit">Y unit for the axis label.</param>
public sealed record BenchSeries(string Chart, string Label, IReadOnlyList<double> Values, string Unit);

/// <summary>The result of one benchmark section.</summary>
/// <param name="Name">Section name.</param>
/// <param name="Targets">Targets checked by --check.</param>
/// <param name="Figures">Other measured figures worth a line in the report (name → value with unit).</param>
/// <param name="Series">Chart data.</param>
/// <param name="Details">Raw per-request data for the JSON file.</param>
public sealed record BenchSectionResult(
    string Name,
    IReadOnlyList<BenchTarget> Targets,
    IReadOnlyDictionary<string, string> Figures,
    IReadOnlyList<BenchSeries> Series,
    JsonNode? Details);

/// <summary>One section of <c>glm-tools bench</c>.</summary>
public interface IBenchmarkSection
{
    string Name { get; }

    Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
