namespace Glm.Tools.Bench;

/// <summary>
/// One measured generation: the prompt phase ends when the first token is known; the generation phase covers the
/// decodes of the remaining tokens (<see cref="GeneratedTokens"/> − 1 of them).
/// </summary>
internal sealed record DecodeTimings(int PromptTokens, TimeSpan PromptTime, int GeneratedTokens, TimeSpan GenerationTime)
{
    public double PromptTokensPerSecond => PromptTokens / PromptTime.TotalSeconds;

    /// <summary>Decoded tokens per second; the first token costs no decode of its own, so it is not counted.</summary>
    public double GenerationTokensPerSecond => GeneratedTokens > 1 ? (GeneratedTokens - 1) / GenerationTime.TotalSeconds : double.NaN;
}
