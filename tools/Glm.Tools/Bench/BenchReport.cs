using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace Glm.Tools.Bench;

/// <summary>Everything one <c>glm-tools bench</c> run measured, and its Markdown and JSON forms.</summary>
/// <param name="ModelDescription">What the model is, e.g. "chatglm3-6b shape, 4 layers, Q4_0 (random weights)".</param>
internal sealed record BenchReport(
    DateTimeOffset Started,
    TimeSpan Duration,
    bool Quick,
    int Threads,
    string ModelPath,
    string ModelDescription,
    MachineInfo Machine,
    string LoadAverageAtEnd,
    IReadOnlyList<BenchSectionResult> Sections)
{
    /// <summary>The CPU every measured decode ran on (<see cref="BenchContext.MeasureCpu"/>); null when the OS chose.</summary>
    public int? MeasureCpu { get; init; }

    public IReadOnlyList<BenchTarget> Targets => [.. Sections.SelectMany(s => s.Targets)];

    public IReadOnlyList<BenchTarget> MissedTargets => [.. Targets.Where(t => !t.Met)];

    /// <summary>The table the README shows: one row per target, then the machine and each section's other figures.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## glm-tools bench{(Quick ? " --quick" : string.Empty)}, {Started.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine.Describe()} at the start, {LoadAverageAtEnd} at the end.  ");
        text.AppendLine(CultureInfo.InvariantCulture, $"Model: {ModelDescription}, {new FileInfo(ModelPath).Length / 1e6:F0} MB; {Threads} compute thread(s){(MeasureCpu is { } cpu ? $", every measured decode on CPU {cpu}" : string.Empty)}; run took {Duration.TotalMinutes:F1} min.");
        text.AppendLine();
        text.AppendLine("| Section | Target | Measured | Baseline figures | Pass |");
        text.AppendLine("|---|---|---|---|---|");
        foreach (var target in Targets)
        {
            var comparison = target.HigherIsBetter ? "≥" : "≤";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {target.Section} | {Cell(target.Name)} {comparison} {FormatValue(target.Target, target.Unit)} | {FormatMeasured(target)} | {Cell(target.Detail)} | {(target.Met ? "pass" : "**FAIL**")} |");
        }

        foreach (var section in Sections.Where(s => s.Figures.Count > 0))
        {
            text.AppendLine();
            var figures = string.Join("; ", section.Figures.Select(f => $"{f.Key} {f.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"**{section.Name}**: {figures}.");
        }

        return text.ToString();
    }

    public string ToJson()
    {
        var root = new JsonObject
        {
            ["started"] = Started.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["durationSeconds"] = Math.Round(Duration.TotalSeconds, 1),
            ["mode"] = Quick ? "quick" : "full",
            ["threads"] = Threads,
            ["measureCpu"] = MeasureCpu,
            ["model"] = new JsonObject
            {
                ["path"] = ModelPath,
                ["description"] = ModelDescription,
                ["bytes"] = new FileInfo(ModelPath).Length,
            },
            ["machine"] = Machine.ToJson(),
            ["loadAverageAtEnd"] = LoadAverageAtEnd,
            ["allTargetsMet"] = MissedTargets.Count == 0,
            ["sections"] = new JsonArray([.. Sections.Select(SectionJson)]),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode SectionJson(BenchSectionResult section) => new JsonObject
    {
        ["name"] = section.Name,
        ["targets"] = new JsonArray([.. section.Targets.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["measured"] = Finite(t.Measured),
            ["target"] = t.Target,
            ["higherIsBetter"] = t.HigherIsBetter,
            ["unit"] = t.Unit,
            ["met"] = t.Met,
            ["detail"] = t.Detail,
        })]),
        ["figures"] = new JsonObject([.. section.Figures.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))]),
        ["series"] = new JsonArray([.. section.Series.Select(s => (JsonNode)new JsonObject
        {
            ["chart"] = s.Chart,
            ["label"] = s.Label,
            ["unit"] = s.Unit,
            ["values"] = new JsonArray([.. s.Values.Select(v => (JsonNode?)Finite(v))]),
        })]),
        ["details"] = section.Details?.DeepClone(),
    };

    /// <summary>JSON has no NaN: a figure that could not be measured is written as null.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? Math.Round(value, 4) : null;

    /// <summary>
    /// The measured value, with more digits when two would round it onto the target: a miss printed as "0.95×" against
    /// a 0.95× target reads as a pass that the table then calls a failure.
    /// </summary>
    private static string FormatMeasured(BenchTarget target)
    {
        var shown = FormatValue(target.Measured, target.Unit);
        var digits = 3;
        while (shown == FormatValue(target.Target, target.Unit) && target.Measured != target.Target && digits <= 6)
        {
            shown = FormatValue(target.Measured, target.Unit, "F" + digits++);
        }

        return shown;
    }

    private static string FormatValue(double value, string unit, string? format = null)
    {
        if (!double.IsFinite(value))
        {
            return "n/a";
        }

        var number = value.ToString(format ?? (Math.Abs(value) >= 100 ? "F0" : "F2"), CultureInfo.InvariantCulture);
        return unit switch
        {
            "" => number,
            "×" => number + "×",
            _ => $"{number} {unit}",
        };
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
