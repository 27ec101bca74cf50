using Glm.Inference.Generation;

namespace Glm.Lsp.Cli;

/// <summary>A GLM chat model a user can download, by size.</summary>
/// <param name="Name">The model's name as its publisher spells it.</param>
/// <param name="BillionParameters">Parameters, in billions, from the published weights.</param>
/// <param name="Note">What it is for, next to the name in doctor's advice.</param>
internal sealed record GlmModelSize(string Name, double BillionParameters, string Note)
{
    /// <summary>Bytes of a Q4_0 file: Q4_0 stores 32 weights in 18 bytes; real files are a little larger because
    /// llama.cpp keeps a few tensors at higher precision.</summary>
    public long Q4_0Bytes => (long)(BillionParameters * 1e9 * 18 / 32);
}

/// <summary>What doctor recommends: the model and the suggestion length it would give on this machine.</summary>
/// <param name="Model">The largest model whose suggestions would be long enough, or the smallest when none is.</param>
/// <param name="TokensPerSuggestion">Estimated tokens one automatic suggestion gets within the latency budget.</param>
/// <param name="IsLongEnough">False when even the smallest model gives shorter suggestions than a line of prose.</param>
internal sealed record ModelSizeAdvice(GlmModelSize Model, int TokensPerSuggestion, bool IsLongEnough);

/// <summary>
/// Turns the speeds measured on the loaded model into advice: how many tokens an automatic suggestion gets within the
/// latency budget, and which GLM size would give suggestions of a useful length on this machine. Speeds of the other
/// sizes are estimated by scaling with the bytes of weights read per token (each generated token reads every weight).
/// </summary>
internal static class ModelSizeAdvisor
{
    /// <summary>Prompt tokens a typical automatic request evaluates when the cached prefix is reused: the words typed
    /// since the previous suggestion.</summary>
    public const int TypicalNewPromptTokens = 16;

    /// <summary>Tokens of a suggestion worth showing: about one line of prose.</summary>
    public const int UsefulSuggestionTokens = 16;

    /// <summary>The sizes doctor chooses from, smallest first.</summary>
    public static IReadOnlyList<GlmModelSize> Sizes { get; } =
    [
        new("GLM-Edge-1.5B-Chat", 1.59, "for CPU-only machines"),
        new("GLM-Edge-4B-Chat", 4.33, "for fast CPUs"),
        new("ChatGLM3-6B", 6.24, "for a GPU with 6 GB"),
        new("GLM-4-9B-Chat", 9.40, "for larger GPUs; CodeGeeX4-ALL-9B for code"),
    ];

    /// <summary>Tokens one automatic suggestion gets within <paramref name="budget"/>: the budget left after evaluating
    /// the typical new prompt tokens, at the generation speed. Zero when that evaluation alone takes the budget.</summary>
    public static int TokensPerSuggestion(MeasuredSpeeds speeds, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(speeds);
        if (speeds.PromptTokensPerSecond <= 0 || speeds.GeneratedTokensPerSecond <= 0)
        {
            return 0;
        }

        var left = budget.TotalSeconds - (TypicalNewPromptTokens / speeds.PromptTokensPerSecond);
        return left <= 0 ? 0 : (int)Math.Floor(left * speeds.GeneratedTokensPerSecond);
    }

    /// <summary>The largest size whose estimated suggestions reach <see cref="UsefulSuggestionTokens"/>, from speeds
    /// measured on a model of <paramref name="loadedModelBytes"/>; the smallest size when none does; null when the
    /// loaded model is too small for its speed to say anything about real sizes (fixed costs dominate a tiny model).</summary>
    public static ModelSizeAdvice? Recommend(MeasuredSpeeds speeds, long loadedModelBytes, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(speeds);
        if (loadedModelBytes < Sizes[0].Q4_0Bytes / 4)
        {
            return null;
        }

        var estimates = Sizes.Select(size => new ModelSizeAdvice(size, TokensPerSuggestion(Scaled(speeds, loadedModelBytes, size), budget), false)).ToList();
        var best = estimates.LastOrDefault(estimate => estimate.TokensPerSuggestion >= UsefulSuggestionTokens);
        return best is null ? estimates[0] : best with { IsLongEnough = true };
    }

    private static MeasuredSpeeds Scaled(MeasuredSpeeds speeds, long loadedModelBytes, GlmModelSize size)
    {
        var factor = (double)loadedModelBytes / size.Q4_0Bytes;
        return new MeasuredSpeeds(speeds.PromptTokensPerSecond * factor, speeds.GeneratedTokensPerSecond * factor);
    }
}
