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

    /// <summary>Whether a request holds a slot right now (it is released before the request's last chunk is sent).</summary>
    public bool RequestRunning { get; init; }

    /// <summary>Each KV slot: whether a request holds it and how many prompt tokens it keeps for reuse.</summary>
    public IReadOnlyList<KvSlotState> Slots { get; init; } = [];
}

/// <summary>One KV slot as seen from outside the inference thread.</summary>
/// <param name="Id">The llama.cpp sequence id.</param>
/// <param name="Busy">A request is using the slot.</param>
/// <param name="CachedTokens">Tokens whose KV entries the slot holds.</param>
public sealed record KvSlotState(int Id, bool Busy, int CachedTokens);
