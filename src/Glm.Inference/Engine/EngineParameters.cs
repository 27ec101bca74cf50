using LLama.Common;
using LLama.Native;

namespace Glm.Inference.Engine;

/// <summary>
/// The llama.cpp model and context parameters the engine derives from <see cref="EngineOptions"/>. Public so that a
/// benchmark's bare LLamaSharp loop runs with exactly the engine's threads, context and batch sizes.
/// </summary>
public static class EngineParameters
{
    public static ModelParams Create(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new ModelParams(options.ModelPath)
        {
            ContextSize = (uint)options.ContextSize,
            BatchSize = (uint)options.BatchSize,
            UBatchSize = (uint)Math.Min(options.MicroBatchSize, options.BatchSize),
            Threads = options.Threads,
            BatchThreads = options.Threads,
            SeqMax = (uint)options.Slots,
            // Each slot gets its own share of the KV cache, so one long prompt cannot evict another slot's cache.
            KVUnified = false,
            GpuLayerCount = GpuOffload.Resolve(options.GpuLayers, GpuOffload.BackendSupportsOffload()),
            LoadMode = options.UseMemoryMap ? LLamaLoadMode.MemoryMap : LLamaLoadMode.None,
        };
    }
}
