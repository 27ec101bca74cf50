namespace Glm.Inference.Generation;

/// <summary>What a background prefill left in the cache.</summary>
/// <param name="PromptTokens">Tokens of the formatted prompt it was asked to evaluate.</param>
/// <param name="CachedTokens">Tokens of that prompt the cache holds now, from its start.</param>
/// <param name="EvaluatedTokens">Tokens this prefill evaluated itself (the rest was cached already).</param>
/// <param name="Preempted">True when a request or a newer prefill stopped it before the whole prompt was cached; one
/// replaced before it started reports zero tokens.</param>
public sealed record PrefillResult(int PromptTokens, int CachedTokens, int EvaluatedTokens, bool Preempted)
{
    /// <summary>The answer of a generator without a cache to fill (a remote server).</summary>
    public static PrefillResult Unsupported { get; } = new(0, 0, 0, false);
}
