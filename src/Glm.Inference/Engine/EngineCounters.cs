namespace Glm.Inference.Engine;

/// <summary>The mutable side of <see cref="EngineStatistics"/>: written by the inference thread, read from anywhere.</summary>
internal sealed partial class EngineCounters
{
    private long tokensEvaluated;
    private long tokensGenerated;
    private long requestsCompleted;
    private long lastGenerationSpeedBits;
    private long lastPromptSpeedBits;
    private KvSlotState[] slots = [];

    /// <summary>Published by the inference thread whenever a slot is taken or released, so readers never touch its lists.</summary>
    public void PublishSlots(KvSlotState[] states) => Volatile.Write(ref slots, states);

    public KvSlotState[] Slots => Volatile.Read(ref slots);

    public void AddEvaluated(int count) => Interlocked.Add(ref tokensEvaluated, count);

    public void AddGenerated(int count) => Interlocked.Add(ref tokensGenerated, count);

    public void RecordCompletion(double generationTokensPerSecond, double promptTokensPerSecond)
    {
        Interlocked.Increment(ref requestsCompleted);
        if (generationTokensPerSecond > 0)
        {
            Interlocked.Exchange(ref lastGenerationSpeedBits, BitConverter.DoubleToInt64Bits(generationTokensPerSecond));
        }

        if (promptTokensPerSecond > 0)
        {
            Interlocked.Exchange(ref lastPromptSpeedBits, BitConverter.DoubleToInt64Bits(promptTokensPerSecond));
        }
    }

    public EngineStatistics Snapshot() => WithPrefills(new(
        Interlocked.Read(ref tokensEvaluated),
        Interlocked.Read(ref tokensGenerated),
        Interlocked.Read(ref requestsCompleted),
        BitConverter.Int64BitsToDouble(Interlocked.Read(ref lastGenerationSpeedBits)),
        BitConverter.Int64BitsToDouble(Interlocked.Read(ref lastPromptSpeedBits))));
}
