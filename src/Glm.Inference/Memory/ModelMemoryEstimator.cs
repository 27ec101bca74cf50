using System.Globalization;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;

namespace Glm.Inference.Memory;

/// <summary>
/// The memory a GLM model needs, from its GGUF alone: weights by the layer split llama.cpp makes, the KV cache at the
/// context size, and an estimate of the compute buffers. Pure arithmetic, so it can answer before anything is loaded
/// and for a GPU this machine does not have.
/// </summary>
public static class ModelMemoryEstimator
{
    /// <summary>llama.cpp pads the context to this many cells.</summary>
    public const int ContextPadding = 256;

    public static ModelMemoryEstimate Estimate(GlmHyperParameters hyperParameters, IEnumerable<GgufTensorInfo> tensors, MemoryEstimateOptions options)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(options);
        var blocks = (int)hyperParameters.BlockCount;
        var offloaded = GpuOffload.OffloadedLayers(options.GpuLayers, blocks, options.BackendSupportsOffload);

        // llama.cpp (load_tensors) gives the GPU the layers from i_gpu_start = n_layer + 1 - n_gpu_layers on, the
        // output layer being number n_layer, so the output layer goes first and block 0 last; the token embedding
        // always stays in host memory.
        var firstOffloaded = blocks + 1 - offloaded;
        bool OnDevice(int layer) => offloaded > 0 && layer >= firstOffloaded;

        var weights = default(MemorySplit);
        foreach (var tensor in tensors)
        {
            weights += MemorySplit.On(LayerOf(tensor.Name, blocks) is { } layer && OnDevice(layer), tensor.ByteSize);
        }

        var cells = (int)Math.Min(int.MaxValue, RoundUp(options.ContextSize, ContextPadding));
        // Per layer: K and V, each cells × (head_count_kv × head_dim) elements.
        var kvPerLayer = 2L * cells * hyperParameters.KeyValueWidth * options.KvBytesPerElement;
        var kv = default(MemorySplit);
        for (var layer = 0; layer < blocks; layer++)
        {
            kv += MemorySplit.On(OnDevice(layer), kvPerLayer);
        }

        return new ModelMemoryEstimate(offloaded, GpuOffload.OffloadableLayers(blocks), cells, weights, kv,
            MemorySplit.On(offloaded > 0, ComputeBufferEstimate(hyperParameters, cells, options.MicroBatchSize)));
    }

    /// <summary>
    /// The largest buffers of llama.cpp's decode graph: f32 logits over the vocabulary and two embedding-wide
    /// activations per micro-batch token, and the f16 attention mask over all cells. On the CPU backend this came within
    /// 2% of llama.cpp's own figure for the ChatGLM3-6B and GLM-4-9B shapes at n_ubatch 64 (README, "Running a 4-bit ChatGLM3-6B on a 6 GB card"); other backends
    /// lay the graph out differently, which is why doctor prints llama.cpp's measured sizes after loading.
    /// </summary>
    public static long ComputeBufferEstimate(GlmHyperParameters hyperParameters, int kvCells, int microBatchSize)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        long tokens = microBatchSize;
        return (4 * tokens * (hyperParameters.VocabularySize + (2L * hyperParameters.EmbeddingLength))) + (2 * tokens * kvCells);
    }

    /// <summary>The offloadable layer a tensor belongs to: its block, <paramref name="blocks"/> for the output layer,
    /// null for the input layer (the token embedding), which llama.cpp keeps in host memory.</summary>
    private static int? LayerOf(string name, int blocks)
    {
        if (name.StartsWith("blk.", StringComparison.Ordinal))
        {
            var end = name.IndexOf('.', 4);
            return end > 4 && int.TryParse(name.AsSpan(4, end - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var block) ? block : null;
        }

        return name.StartsWith("output", StringComparison.Ordinal) ? blocks : null;
    }

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;
}
