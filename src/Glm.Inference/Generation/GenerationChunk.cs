namespace Glm.Inference.Generation;

/// <summary>A piece of streamed text. It never ends in the middle of a UTF-8 character.
/// The last chunk of a stream has <see cref="Completed"/> set (its text may be empty).</summary>
public sealed record GenerationChunk(string Text, GenerationStats? Completed = null);

/// <summary>What one generation cost and why it stopped.</summary>
public sealed record GenerationStats
{
    /// <summary>Tokens in the formatted prompt (after any cut).</summary>
    public required int PromptTokens { get; init; }

    /// <summary>Prompt tokens whose KV entries were reused from an earlier request in the same slot.</summary>
    public required int ReusedPromptTokens { get; init; }

    /// <summary>Prompt tokens actually evaluated: <see cref="PromptTokens"/> − <see cref="ReusedPromptTokens"/>.</summary>
    public int EvaluatedPromptTokens => PromptTokens - ReusedPromptTokens;

    /// <summary>
    /// Prompt tokens shared, from the start, with the prompt of the request the engine ran before this one (any slot,
    /// any outcome). <see cref="PromptTokens"/> minus this is the part of the prompt that changed since the previous
    /// request: the least a perfect cache would have to evaluate.
    /// </summary>
    public int CommonPrefixWithPreviousPrompt { get; init; }

    /// <summary>Prompt tokens that differ from the previous request's prompt (after their longest common prefix).</summary>
    public int ChangedPromptTokens => PromptTokens - CommonPrefixWithPreviousPrompt;

    public required int GeneratedTokens { get; init; }
    public required StopReason StopReason { get; init; }
    public TimeSpan QueueTime { get; init; }
    public TimeSpan PromptTime { get; init; }
    public TimeSpan TimeToFirstToken { get; init; }
    public TimeSpan GenerationTime { get; init; }

    /// <summary>
    /// The part of <see cref="GenerationTime"/> spent inside llama.cpp's decode calls; the rest is sampling,
    /// detokenizing and handing chunks over. Tells a slow model from a slow engine loop.
    /// </summary>
    public TimeSpan GenerationDecodeTime { get; init; }
    public int SlotId { get; init; } = -1;

    /// <summary>Guessed tokens sent to verification (speculative decoding; 0 without it).</summary>
    public int DraftedTokens { get; init; }

    /// <summary>Guessed tokens the model agreed with: decode steps saved.</summary>
    public int AcceptedDraftTokens { get; init; }

    /// <summary>Decode calls that checked a draft.</summary>
    public int VerifySteps { get; init; }

    /// <summary>True when the prompt did not fit and its beginning was cut.</summary>
    public bool PromptTruncated { get; init; }

    /// <summary>The latency budget's cap on generated tokens when it was below the request's MaxTokens; null otherwise.</summary>
    public int? BudgetTokenCap { get; init; }

    /// <summary>Prompt tokens (the oldest text not in the cache) cut so the request fits its latency budget.</summary>
    public int PromptTokensCutForBudget { get; init; }

    public double GenerationTokensPerSecond => GenerationTime > TimeSpan.Zero ? GeneratedTokens / GenerationTime.TotalSeconds : 0;
    public double PromptTokensPerSecond => PromptTime > TimeSpan.Zero ? EvaluatedPromptTokens / PromptTime.TotalSeconds : 0;
}

public enum StopReason
{
    EndOfText,
    MaxTokens,
    TimeBudget,
    NewLine,
    StopString,

    /// <summary>The generation repeated the same cycle of tokens (a greedy loop) and was stopped.</summary>
    Loop,

    /// <summary>The tokens that fit the request's latency budget were generated (<see cref="GenerationStats.BudgetTokenCap"/>).</summary>
    LatencyBudget,
}

/// <summary>Thrown from a generation stream when a newer request with the same supersede key replaced it.</summary>
public sealed class GenerationSupersededException : OperationCanceledException
{
    public GenerationSupersededException()
        : base("A newer request for the same key superseded this generation.")
    {
    }

    public GenerationSupersededException(string message)
        : base(message)
    {
    }

    public GenerationSupersededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
