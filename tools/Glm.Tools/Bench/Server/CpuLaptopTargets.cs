using Glm.TestModels;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// Issue #18's targets for a CPU-only machine with one compute thread, and the figures measured before the work on it.
/// They are stated for the full-size model, so a model of another depth gets figures but no targets.
/// </summary>
internal static class CpuLaptopTargets
{
    public const double FirstSuggestionAfterOpenWaitSeconds = 5;
    public const double TypingP95Seconds = 3;

    /// <summary>Before: the first suggestion in a freshly opened 12,800-character Markdown file (1,024 prompt tokens evaluated).</summary>
    public const double FirstSuggestionBeforeSeconds = 57;

    /// <summary>Before: the next suggestion after typing one more word, with maxTokens 8.</summary>
    public const double NextSuggestionBeforeSeconds = 3.9;

    /// <summary>The layer count the targets are stated for: the ChatGLM3-6B shape.</summary>
    public static int TargetLayers => GlmShape.ChatGlm3_6B.BlockCount;

    public static IReadOnlyList<BenchTarget> For(string section, int layers, FirstSuggestion afterOpenWait, CpuLaptopSummary typing)
    {
        if (layers != TargetLayers)
        {
            return [];
        }

        return
        [
            new BenchTarget(section, FormattableString.Invariant($"first suggestion after the document was open {afterOpenWait.OpenForMs / 1000:F0} s"),
                afterOpenWait.TimeToSuggestionMs / 1000, FirstSuggestionAfterOpenWaitSeconds, false, "s",
                FormattableString.Invariant($"before: {FirstSuggestionBeforeSeconds:F0} s; now {afterOpenWait.Describe()}")),
            new BenchTarget(section, "automatic suggestion latency while typing, p95", typing.P95LatencyMs / 1000, TypingP95Seconds, false, "s",
                FormattableString.Invariant($"before: {NextSuggestionBeforeSeconds:F1} s for the next suggestion with maxTokens 8; median {typing.MedianLatencyMs / 1000:F2} s over {typing.Generated} requests that ran the model")),
        ];
    }
}
