namespace Glm.Inference.Memory;

/// <summary>What a model needs in memory at one context size and layer split (<see cref="ModelMemoryEstimator"/>).</summary>
/// <param name="OffloadedLayers">Layers on the GPU, the output layer counting as one.</param>
/// <param name="OffloadableLayers">Blocks plus the output layer.</param>
/// <param name="KvCells">Token positions the KV cache holds (the context padded to llama.cpp's 256).</param>
/// <param name="Weights">The GGUF's tensor bytes, split by the layer each tensor belongs to.</param>
/// <param name="KvCache">K and V of every layer for <paramref name="KvCells"/> positions, on its layer's device.</param>
/// <param name="ComputeBuffers">llama.cpp's scratch memory for one micro-batch: an estimate, not a count.</param>
public sealed record ModelMemoryEstimate(
    int OffloadedLayers,
    int OffloadableLayers,
    int KvCells,
    MemorySplit Weights,
    MemorySplit KvCache,
    MemorySplit ComputeBuffers)
{
    public MemorySplit Total => Weights + KvCache + ComputeBuffers;
}
