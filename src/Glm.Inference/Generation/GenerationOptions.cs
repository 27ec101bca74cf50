namespace Glm.Inference.Generation;

/// <summary>Sampling and stop rules of one generation.</summary>
public sealed record GenerationOptions
{
    /// <summary>Stop after this many generated tokens.</summary>
    public int MaxTokens { get; init; } = 256;

    /// <summary>0 means greedy decoding (fully deterministic).</summary>
    public float Temperature { get; init; }

    /// <summary>Seed for sampling when <see cref="Temperature"/> is above 0.</summary>
    public uint Seed { get; init; } = 42;

    /// <summary>After this much generation time, stop at the next newline (or at once if none comes within a few tokens).</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>Stop at the first newline once some text has been produced.</summary>
    public bool SingleLine { get; init; }

    /// <summary>Extra strings that end the generation; the stop string itself is not emitted.</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>Maximum prompt tokens; longer prompts are cut (oldest text first), never failed. Null: context size minus <see cref="MaxTokens"/>.</summary>
    public int? MaxPromptTokens { get; init; }

    /// <summary>
    /// Greedy requests (temperature 0) guess upcoming tokens from their prompt and output and let the model check several
    /// in one step: same output, fewer steps when the text copies its prompt. Ignored when sampling and by remote backends.
    /// </summary>
    public bool SpeculativeDecoding { get; init; } = true;

    /// <summary>
    /// The time the whole request should take, prompt and generation, judged from the generator's measured speeds:
    /// a prompt with more new tokens than fit is cut to its end, and generation stops when the budget is spent.
    /// Null: no budget. Ignored until the generator has measured its speeds.
    /// </summary>
    public TimeSpan? LatencyBudget { get; init; }

    public static GenerationOptions Greedy { get; } = new();
}
