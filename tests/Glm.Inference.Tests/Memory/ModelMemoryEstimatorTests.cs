using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Memory;
using Glm.TestModels;

namespace Glm.Inference.Tests.Memory;

/// <summary>
/// The memory arithmetic for the real models' shapes at 4 bits: Q4_0 matrices, the Q6_K output head llama.cpp's
/// quantizer writes for Q4_0, f32 norms and biases. Byte counts follow from the ggml block sizes (Q4_0: 18 bytes per 32
/// values, Q6_K: 210 per 256), so each figure here is exact.
/// </summary>
public class ModelMemoryEstimatorTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void ChatGlm3_6B_at_4_bits_fully_offloaded_with_a_4096_token_context()
    {
        var estimate = Estimate(GlmShape.ChatGlm3_6B, new MemoryEstimateOptions(4096, GpuOffload.AllLayers, BackendSupportsOffload: true));

        Assert.Equal((29, 29, 4096), (estimate.OffloadedLayers, estimate.OffloadableLayers, estimate.KvCells));
        // Only the token embedding (65,024 × 4,096 at Q4_0) stays in host memory.
        Assert.Equal(new MemorySplit(3_432_112_128, 149_815_296), estimate.Weights);
        Assert.Equal(3_581_927_424, estimate.Weights.Total); // 3,416.0 MiB
        // 28 layers × 4,096 cells × (2 KV heads × 128) × 2 (K and V) × 2 bytes (f16) = 112 MiB.
        Assert.Equal(new MemorySplit(112 * MiB, 0), estimate.KvCache);
        // 4 × 64 × (65,024 + 2 × 4,096) + 2 × 64 × 4,096.
        Assert.Equal(new MemorySplit(19_267_584, 0), estimate.ComputeBuffers);
        Assert.Equal(3_568_820_224, estimate.Total.Device); // 3,403.5 MiB on the card
    }

    [Fact]
    public void ChatGlm3_6B_on_the_cpu_backend_keeps_everything_in_host_memory_even_when_layers_are_asked_for()
    {
        var estimate = Estimate(GlmShape.ChatGlm3_6B, new MemoryEstimateOptions(4096, 20, BackendSupportsOffload: false));

        Assert.Equal(0, estimate.OffloadedLayers);
        Assert.Equal(new MemorySplit(0, 3_581_927_424), estimate.Weights);
        Assert.Equal(new MemorySplit(0, 112 * MiB), estimate.KvCache);
        Assert.Equal(new MemorySplit(0, 19_267_584), estimate.ComputeBuffers);
    }

    [Fact]
    public void A_partial_offload_gives_the_gpu_the_output_layer_then_the_last_blocks()
    {
        var estimate = Estimate(GlmShape.ChatGlm3_6B, new MemoryEstimateOptions(4096, 20, BackendSupportsOffload: true));

        // 20 = the output layer and blocks 9–27; blocks 0–8 and the token embedding stay on the host.
        const long block = 114_771_968;
        const long outputLayer = 218_480_640 + 16_384;
        Assert.Equal(new MemorySplit(outputLayer + (19 * block), 149_815_296 + (9 * block)), estimate.Weights);
        Assert.Equal(new MemorySplit(19 * 4 * MiB, 9 * 4 * MiB), estimate.KvCache);
    }

    [Fact]
    public void Glm4_9B_at_4_bits_fully_offloaded_with_an_8192_token_context()
    {
        var estimate = Estimate(GlmShape.Glm4_9B, new MemoryEstimateOptions(8192, GpuOffload.AllLayers, BackendSupportsOffload: true));

        Assert.Equal((41, 41, 8192), (estimate.OffloadedLayers, estimate.OffloadableLayers, estimate.KvCells));
        Assert.Equal(new MemorySplit(5_100_109_824, 349_175_808), estimate.Weights); // 5,196.8 MiB in all
        Assert.Equal(new MemorySplit(320 * MiB, 0), estimate.KvCache);
        Assert.Equal(new MemorySplit(40 * MiB, 0), estimate.ComputeBuffers);
        Assert.Equal(5_477_597_184, estimate.Total.Device); // 5,223.8 MiB on the card
    }

    [Theory]
    [InlineData(256, 256)]
    [InlineData(1000, 1024)]
    [InlineData(4097, 4352)]
    public void The_context_is_padded_to_256_cells_as_llama_cpp_pads_it(int contextSize, int cells) =>
        Assert.Equal(cells, Estimate(GlmShape.ChatGlm3_6B, new MemoryEstimateOptions(contextSize, 0, false)).KvCells);

    private static ModelMemoryEstimate Estimate(GlmShape shape, MemoryEstimateOptions options)
    {
        var hyperParameters = shape.ToHyperParameters(shape.BlockCount);
        return ModelMemoryEstimator.Estimate(hyperParameters, QuantizedLikeLlamaCpp(hyperParameters), options);
    }

    /// <summary>The tensor table of a Q4_0 file made by llama.cpp's quantizer from the converter's output.</summary>
    private static IEnumerable<GgufTensorInfo> QuantizedLikeLlamaCpp(GlmHyperParameters hyperParameters) =>
        GlmTensorLayout.Expected(hyperParameters, _ => true).Select(t => new GgufTensorInfo(
            t.Name,
            t.Shape,
            t.Shape.Length == 1 ? GgmlType.F32 : t.Name == "output.weight" ? GgmlType.Q6_K : GgmlType.Q4_0,
            0));
}
