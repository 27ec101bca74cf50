namespace Glm.Inference.Engine;

/// <summary>Model-level counters since load, for tests and benchmarks.</summary>
/// <param name="TotalTokensEvaluated">Tokens sent through llama_decode (prompt tails and generated tokens).</param>
/// <param name="TotalTokensGenerated">Tokens sampled, over all requests.</param>
/// <param name="RequestsCompleted">Requests that ran to a stop rule.</param>
/// <param name="LastGenerationTokensPerSecond">Generation speed of the last request that produced tokens.</param>
/// <param name="LastPromptTokensPerSecond">Prompt evaluation speed of the last request that evaluated a prompt.</param>
public sealed record EngineStatistics(
    long TotalTokensEvaluated,
    long TotalTokensGenerated,
    long RequestsCompleted,
    double LastGenerationTokensPerSecond,
    double LastPromptTokensPerSecond)
{
    /// <summary>Requests waiting for the inference thread.</summary>
    public int QueuedRequests { get; init; }

    /// <summary>Whether a request or a background prefill holds a slot right now (a request releases it before its last
    /// chunk is sent).</summary>
    public bool RequestRunning { get; init; }

    /// <summary>Each KV slot: whether a request or a prefill holds it and how many tokens it keeps for reuse.</summary>
    public IReadOnlyList<KvSlotState> Slots { get; init; } = [];

    /// <summary>Background prefills that ran (finished, preempted or cancelled); one replaced before it started is not counted.</summary>
    public long Prefills { get; init; }

    /// <summary>Prefills a request or a newer prefill stopped before their whole prompt was cached.</summary>
    public long PrefillsPreempted { get; init; }

    /// <summary>Tokens background prefills evaluated (also counted in <see cref="TotalTokensEvaluated"/>).</summary>
    public long PrefillEvaluatedTokens { get; init; }
}

/// <summary>One KV slot as seen from outside the inference thread.</summary>
/// <param name="Id">The llama.cpp sequence id.</param>
/// <param name="Busy">A request or a background prefill is using the slot.</param>
/// <param name="CachedTokens">Tokens whose KV entries the slot holds.</param>
public sealed record KvSlotState(int Id, bool Busy, int CachedTokens);
