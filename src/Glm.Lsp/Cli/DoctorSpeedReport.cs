using System.Globalization;
using Glm.Inference.Generation;

namespace Glm.Lsp.Cli;

/// <summary>
/// doctor's speed lines: the prompt and generation speeds measured on the loaded model, what they allow one automatic
/// suggestion within the latency budget, and the GLM size <see cref="ModelSizeAdvisor"/> recommends for this machine.
/// </summary>
internal static class DoctorSpeedReport
{
    /// <param name="output">Where the lines go.</param>
    /// <param name="speeds">Speeds measured on the loaded model.</param>
    /// <param name="source">Where the speeds come from, in words.</param>
    /// <param name="modelBytes">Size of the loaded model file, to scale its speeds to the other sizes.</param>
    /// <param name="latencyBudget">The automatic suggestions' latency budget (glm.latencyBudgetMs).</param>
    public static void Print(TextWriter output, MeasuredSpeeds speeds, string source, long modelBytes, TimeSpan latencyBudget)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(speeds);
        var budgetMs = (int)latencyBudget.TotalMilliseconds;
        Line(output, "speeds", Invariant($"prompt {speeds.PromptTokensPerSecond:F1} tok/s, generation {speeds.GeneratedTokensPerSecond:F1} tok/s ({source})"));
        var tokens = ModelSizeAdvisor.TokensPerSuggestion(speeds, latencyBudget);
        Line(output, "per suggestion", Invariant(
            $"about {tokens} tokens per suggestion on this machine (glm.latencyBudgetMs {budgetMs}, {ModelSizeAdvisor.TypicalNewPromptTokens} new prompt tokens)"));
        if (ModelSizeAdvisor.Recommend(speeds, modelBytes, latencyBudget) is not { } advice)
        {
            Line(output, "recommended model", Invariant($"none: the speed of a {modelBytes / (1024.0 * 1024.0):F1} MiB file says nothing about real model sizes"));
            return;
        }

        var size = Invariant($"{advice.Model.Name} ({advice.Model.Note}, Q4_0 about {advice.Model.Q4_0Bytes / 1e9:F1} GB): about {advice.TokensPerSuggestion} tokens per suggestion");
        Line(output, "recommended model", advice.IsLongEnough
            ? size
            : size + "; shorter than a line even so: raise glm.latencyBudgetMs or run on a GPU");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"{label,-20} {value}");
}
