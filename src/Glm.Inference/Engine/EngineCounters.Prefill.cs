namespace Glm.Inference.Engine;

/// <summary>Background-prefill counters (see <see cref="InferenceWorker"/>'s prefill).</summary>
internal sealed partial class EngineCounters
{
    private long prefills;
    private long prefillsPreempted;
    private long prefillEvaluatedTokens;

    /// <summary>Counts a prefill that ran on the inference thread, whether it finished, was preempted or cancelled.</summary>
    public void RecordPrefill(int evaluatedTokens, bool preempted)
    {
        Interlocked.Increment(ref prefills);
        Interlocked.Add(ref prefillEvaluatedTokens, evaluatedTokens);
        if (preempted)
        {
            Interlocked.Increment(ref prefillsPreempted);
        }
    }

    private EngineStatistics WithPrefills(EngineStatistics statistics) => statistics with
    {
        Prefills = Interlocked.Read(ref prefills),
        PrefillsPreempted = Interlocked.Read(ref prefillsPreempted),
        PrefillEvaluatedTokens = Interlocked.Read(ref prefillEvaluatedTokens),
    };
}
