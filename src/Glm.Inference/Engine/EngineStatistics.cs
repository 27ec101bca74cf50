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
    double LastPromptTokensPerSecond);
