using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

/// <summary>
/// Engine hooks a prefill test sets after the load, once it holds the engine: <see cref="ChunkEvaluated"/> runs between
/// two prefill chunks, <see cref="Polled"/> each time ggml polls the abort callback inside a decode call.
/// </summary>
internal sealed class PrefillHooks : IEngineTestHooks
{
    public Action<int>? ChunkEvaluated { get; set; }

    public Action<CancellationToken>? Polled { get; set; }

    public bool AbortPolled(CancellationToken runningToken)
    {
        Polled?.Invoke(runningToken);
        return true;
    }

    public void PrefillChunkEvaluated(int cachedTokens) => ChunkEvaluated?.Invoke(cachedTokens);
}
