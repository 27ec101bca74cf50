using Glm.Inference.Engine;
using Glm.Inference.Generation;

namespace Glm.Inference.Tests.Engine;

/// <summary>glm.gpuLayers "auto" (EngineOptions.GpuLayers null): every layer on a GPU backend, none on the CPU one.</summary>
[Trait("Speed", "Slow")]
public class GpuOffloadTests
{
    [Theory]
    [InlineData(null, true, GpuOffload.AllLayers)]
    [InlineData(null, false, 0)]
    [InlineData(12, true, 12)]
    [InlineData(12, false, 12)]
    [InlineData(0, true, 0)]
    public void Auto_offloads_everything_only_where_the_backend_can_and_an_explicit_count_wins(int? requested, bool supported, int expected) =>
        Assert.Equal(expected, GpuOffload.Resolve(requested, supported));

    [Theory]
    [InlineData(GpuOffload.AllLayers, 28, true, 29)]
    [InlineData(29, 28, true, 29)]
    [InlineData(10, 28, true, 10)]
    [InlineData(GpuOffload.AllLayers, 28, false, 0)]
    [InlineData(10, 28, false, 0)]
    public void Offloaded_layers_count_the_output_layer_and_are_none_without_a_gpu_backend(int nGpuLayers, int blocks, bool supported, int expected) =>
        Assert.Equal(expected, GpuOffload.OffloadedLayers(nGpuLayers, blocks, supported));

    [Fact]
    public void A_negative_layer_count_is_refused_and_null_is_auto()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new EngineOptions("model.gguf") { GpuLayers = -1 }.ThrowIfInvalid());
        Assert.StartsWith("EngineOptions.GpuLayers must be 0 or more (or null for auto); it is -1.", error.Message, StringComparison.Ordinal);
        Assert.Null(new EngineOptions("model.gguf").GpuLayers);
        new EngineOptions("model.gguf") { GpuLayers = null }.ThrowIfInvalid();
    }

    [Theory]
    [InlineData(null)]
    [InlineData(5)]
    public async Task The_cpu_backend_cannot_offload_so_auto_and_a_count_both_run_on_the_cpu(int? gpuLayers)
    {
        await using var engine = await LlamaEngine.LoadAsync(
            new EngineOptions(EngineTestModels.Long) { ContextSize = 256, Slots = 1, Threads = 1, GpuLayers = gpuLayers }, null, null, CancellationToken.None);

        // This test project references LLamaSharp.Backend.Cpu; a CUDA build would answer true and put 3 of 3 layers on the GPU.
        Assert.False(GpuOffload.BackendSupportsOffload());
        Assert.Matches(@"^CPU \(\w+\), 1 threads$", engine.Model.Backend);
        var result = await engine.RunAsync(new RawPrompt("[gMASK]<sop>" + EngineTestModels.Words(0, 10)), new GenerationOptions { MaxTokens = 5 });
        Assert.Equal(EngineTestModels.Words(10, 5), result.Text);
    }
}
