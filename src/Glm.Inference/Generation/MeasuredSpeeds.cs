namespace Glm.Inference.Generation;

/// <summary>
/// How fast a generator has been on this machine, from its recent requests: prompt tokens evaluated per second and
/// tokens generated per second. Callers turn a latency budget into token counts with it.
/// </summary>
/// <param name="PromptTokensPerSecond">Prompt evaluation speed (batched decode calls).</param>
/// <param name="GeneratedTokensPerSecond">Generation speed (one token per decode step, speculative steps included).</param>
public sealed record MeasuredSpeeds(double PromptTokensPerSecond, double GeneratedTokensPerSecond);
