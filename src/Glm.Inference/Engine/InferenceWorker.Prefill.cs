using System.Diagnostics;
using Glm.Inference.Generation;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Engine;

/// <summary>
/// Background prefill on the inference thread: the prompt of a request that has not been made yet is evaluated into the
/// slot that request will pick, in small chunks, so that a request arriving meanwhile waits for one chunk at most.
/// </summary>
internal sealed partial class InferenceWorker
{
    /// <summary>
    /// Tokens per decode call of a prefill. On a CPU a request that arrives meanwhile aborts the running call at once
    /// (the abort callback), losing that chunk's work; a GPU does not honour the callback for offloaded work, so there the
    /// request waits for the chunk to finish. Small chunks bound both, and a 64-token batch already keeps the matrix
    /// kernels busy, so larger ones would gain little.
    /// </summary>
    internal const int PrefillChunkTokens = 64;

    /// <summary>
    /// Evaluates the tail of the job's prompt the chosen slot lacks and generates nothing. Preemption (the job's token
    /// cancelled with <see cref="PrefillWork.Preempted"/> set) ends it with a result; what was evaluated stays in the slot.
    /// </summary>
    private void Prefill(GenerationJob job, PrefillWork work)
    {
        // Formatted, cut and placed exactly as the request itself will be, so its prompt finds this one cached.
        var (prompt, _, _) = TokenizePrompt(formatter.Format(job.Request.Prompt), job.Request.Options);
        var (slot, commonPrefix) = SlotSelector.Choose(slots, prompt);
        if (!reusePromptCache)
        {
            // Requests empty their slot without reuse (a benchmark baseline): nothing a prefill caches would be read.
            counters.RecordPrefill(0, preempted: false);
            Finish(job, work, new PrefillResult(prompt.Length, 0, 0, Preempted: false));
            return;
        }

        slot.LastUsed = ++useCounter;
        PublishSlots(busy: slot);
        var evaluated = 0;
        var preempted = false;
        try
        {
            if (commonPrefix < prompt.Length)
            {
                // Before the slot's diverging tail is dropped: a prefill stopped before it began leaves the slot as it was.
                job.Token.ThrowIfCancellationRequested();
                ForgetFrom(slot, commonPrefix);
            }

            for (var start = commonPrefix; start < prompt.Length; start += PrefillChunkTokens)
            {
                var chunk = prompt.AsSpan(start, Math.Min(PrefillChunkTokens, prompt.Length - start));
                // Checks the token first, and an abort inside the call removes that call's partial entries.
                var chunkClock = Stopwatch.StartNew();
                Evaluate(slot, chunk, job.Token);
                // A full chunk is a batched prompt evaluation like any other: the budgets of the requests after it use it.
                speedMeter.Record(chunk.Length, chunkClock.Elapsed, 0, TimeSpan.Zero);
                evaluated += chunk.Length;
                testHooks?.PrefillChunkEvaluated(slot.Tokens.Count);
            }
        }
        catch (OperationCanceledException) when (work.Preempted && !work.CallerCancelled)
        {
            preempted = true;
        }
        finally
        {
            counters.RecordPrefill(evaluated, preempted);
        }

        var result = new PrefillResult(prompt.Length, SlotSelector.CommonPrefixLength(slot.Tokens, prompt), evaluated, preempted);
        logger.LogDebug(
            "Slot {Slot}: prefill of {Prompt} tokens, {Evaluated} evaluated, {Cached} cached{Preempted}",
            slot.Id, result.PromptTokens, result.EvaluatedTokens, result.CachedTokens, preempted ? ", preempted" : string.Empty);
        PublishSlots(busy: null);
        Finish(job, work, result);
    }

    private static void Finish(GenerationJob job, PrefillWork work, PrefillResult result)
    {
        work.Result = result;
        job.Complete(new GenerationChunk(string.Empty));
    }
}
