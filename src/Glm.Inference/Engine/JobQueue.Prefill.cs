using Glm.Inference.Generation;

namespace Glm.Inference.Engine;

/// <summary>
/// Background prefills in the queue: there is at most one, and it gives way to everything. Any job arriving while a
/// prefill runs stops it (at the next chunk, or inside the running decode call through the abort callback); a newer
/// prefill also replaces one still waiting, which then ends at once without having run.
/// </summary>
internal sealed partial class JobQueue
{
    /// <summary>Marks the prefills <paramref name="arriving"/> stops; called under the lock, before it is queued.</summary>
    /// <returns>The running prefill to cancel and the waiting ones to end, both outside the lock.</returns>
    private (GenerationJob? Running, List<GenerationJob> Replaced) StopPrefillsFor(GenerationJob arriving)
    {
        GenerationJob? runningPrefill = null;
        if (running?.Prefill is { } runningWork && !running.IsFinished)
        {
            runningWork.MarkPreempted();
            runningPrefill = running;
        }

        var replaced = new List<GenerationJob>();
        if (arriving.Prefill is not null)
        {
            replaced.AddRange(waiting.Where(w => w.Prefill is not null));
            waiting.RemoveAll(w => w.Prefill is not null);
            replaced.ForEach(w => w.Prefill!.MarkPreempted());
        }

        return (runningPrefill, replaced);
    }

    /// <summary>Stops what <see cref="StopPrefillsFor"/> chose; outside the lock, as it runs token callbacks.</summary>
    private static void EndStoppedPrefills((GenerationJob? Running, List<GenerationJob> Replaced) stopped)
    {
        // The running one ends on the inference thread, which reports what it had cached by then.
        stopped.Running?.Cancel();
        foreach (var job in stopped.Replaced)
        {
            job.Prefill!.Result = PrefillWork.ReplacedBeforeStart;
            job.Complete(new GenerationChunk(string.Empty));
        }
    }
}
