using Glm.Inference.Engine;

namespace Glm.Inference.Memory;

/// <summary>The settings a model's memory depends on.</summary>
/// <param name="ContextSize">Requested context in tokens over all slots (llama.cpp pads it to a multiple of 256).</param>
/// <param name="GpuLayers">n_gpu_layers as llama.cpp receives it (<see cref="GpuOffload.Resolve"/>).</param>
/// <param name="BackendSupportsOffload">Whether the loaded backend has a GPU at all; without one nothing is offloaded.</param>
public sealed record MemoryEstimateOptions(int ContextSize, int GpuLayers, bool BackendSupportsOffload)
{
    /// <summary>n_ubatch: the compute buffer holds this many tokens' activations and logits.</summary>
    public int MicroBatchSize { get; init; } = EngineOptions.DefaultMicroBatchSize;

    /// <summary>Bytes per K and V element: 2 for llama.cpp's default f16 cache.</summary>
    public int KvBytesPerElement { get; init; } = 2;
}
