using Glm.Inference.Engine;
using Glm.Inference.Native;
using LLama.Native;

namespace Glm.Inference.Tests.Engine;

/// <summary>The llama.cpp parameters the engine (and the benchmark's bare loop) derive from <see cref="EngineOptions"/>.</summary>
public class EngineParametersTests
{
    // Create asks the native backend whether it can offload, which loads the library: its log must be routed first.
    public EngineParametersTests() => NativeLogging.EnsureInitialized();

    [Fact]
    public void Every_size_is_passed_on_and_each_slot_keeps_its_own_share_of_the_cache()
    {
        var parameters = EngineParameters.Create(new EngineOptions("model.gguf")
        {
            ContextSize = 1024, BatchSize = 256, MicroBatchSize = 32, Threads = 3, Slots = 2, GpuLayers = 7,
        });

        Assert.Equal("model.gguf", parameters.ModelPath);
        Assert.Equal(1024u, parameters.ContextSize);
        Assert.Equal(256u, parameters.BatchSize);
        Assert.Equal(32u, parameters.UBatchSize);
        Assert.Equal(3, parameters.Threads);
        Assert.Equal(3, parameters.BatchThreads);
        Assert.Equal(2u, parameters.SeqMax);
        Assert.Equal(7, parameters.GpuLayerCount);
        Assert.False(parameters.KVUnified);
        Assert.Equal(LLamaLoadMode.None, parameters.LoadMode);
    }

    [Fact]
    public void The_micro_batch_is_capped_at_the_batch()
    {
        var parameters = EngineParameters.Create(new EngineOptions("model.gguf") { BatchSize = 16, MicroBatchSize = 64 });

        Assert.Equal(16u, parameters.UBatchSize);
    }

    [Fact]
    public void The_memory_map_option_maps_the_file()
    {
        var parameters = EngineParameters.Create(new EngineOptions("model.gguf") { UseMemoryMap = true });

        Assert.Equal(LLamaLoadMode.MemoryMap, parameters.LoadMode);
    }

    [Fact]
    public void Options_are_required()
    {
        var error = Assert.Throws<ArgumentNullException>(() => EngineParameters.Create(null!));

        Assert.Equal("options", error.ParamName);
    }
}
