using System.Diagnostics;
using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Tools.Bench;

/// <summary>Times one greedy generation through the engine's public API, as a caller sees it.</summary>
internal static class EngineTimingRun
{
    /// <summary>
    /// The prompt phase is the engine's time to first token, which it measures from the <c>GenerateAsync</c> call
    /// (queue and tokenization included); the generation phase runs from there until the caller has read the last
    /// chunk, so channel delivery counts against the engine too.
    /// </summary>
    public static async Task<(DecodeTimings Timings, GenerationStats Stats)> MeasureAsync(
        LlamaEngine engine, string promptText, int maxTokens, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest(new RawPrompt(promptText), new GenerationOptions { MaxTokens = maxTokens });
        var clock = Stopwatch.StartNew();
        GenerationStats? stats = null;
        await foreach (var chunk in engine.GenerateAsync(request, cancellationToken))
        {
            stats = chunk.Completed ?? stats;
        }

        var total = clock.Elapsed;
        if (stats is null)
        {
            throw new InvalidOperationException("The engine ended a stream without statistics.");
        }

        var timings = new DecodeTimings(stats.EvaluatedPromptTokens, stats.TimeToFirstToken, stats.GeneratedTokens, total - stats.TimeToFirstToken);
        return (timings, stats);
    }
}
