using System.Diagnostics;
using Glm.Inference.Generation;

namespace Glm.Lsp.Completion;

/// <summary>
/// What one inline completion request cost, filled in by <see cref="InlineCompletionService"/> for the
/// <c>glm/requestStats</c> notification. Created when the request arrives, so its clock includes every server step.
/// </summary>
public sealed class CompletionTrace
{
    private readonly Stopwatch sinceArrival = Stopwatch.StartNew();
    private readonly List<GenerationStats> generations = [];
    private TimeSpan? timeToFirstToken;

    /// <summary>Why the request ended: "generated", "typingThrough", "skipped", "superseded", "cancelled", "stale" or "failed".</summary>
    public string Outcome { get; set; } = "skipped";

    /// <summary>Time from arrival to the engine's first token, queue and prompt evaluation included; null without one.</summary>
    public TimeSpan? TimeToFirstToken => timeToFirstToken;

    public TimeSpan SinceArrival => sinceArrival.Elapsed;

    /// <summary>Stopwatch timestamp when the model stopped working on this request (the generation ended or failed).</summary>
    public long? ModelFreedTimestamp { get; private set; }

    public IReadOnlyList<GenerationStats> Generations => generations;

    /// <summary>Called when a generation starts (queued in the engine): its time to first token counts from arrival.</summary>
    internal TimeSpan GenerationQueuedAt() => sinceArrival.Elapsed;

    internal void Generated(TimeSpan queuedAt, GenerationStats stats)
    {
        generations.Add(stats);
        timeToFirstToken ??= stats.GeneratedTokens > 0 ? queuedAt + stats.TimeToFirstToken : null;
        ModelFreedTimestamp = Stopwatch.GetTimestamp();
    }

    /// <summary>The engine gave the model back without a result (cancelled, superseded or failed).</summary>
    internal void GenerationEnded() => ModelFreedTimestamp = Stopwatch.GetTimestamp();
}
