using Glm.Inference.Engine;

namespace Glm.Inference.Tests.Engine;

public sealed class BackendDescriptionTests
{
    [Theory]
    [InlineData("CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 | FMA = 1 |", "CPU (avx512), 4 threads")]
    [InlineData("CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 0 | FMA = 1 |", "CPU (avx2), 4 threads")]
    [InlineData("CPU : SSE3 = 1 | AVX = 1 | AVX2 = 0 | FMA = 0 |", "CPU (avx), 4 threads")]
    [InlineData("CPU : SSE3 = 1 | AVX = 0 | NEON = 0 |", "CPU (generic), 4 threads")]
    [InlineData("", "CPU (generic), 4 threads")]
    public void On_the_cpu_the_widest_vector_extension_llama_cpp_reports_is_named(string systemInfo, string expected)
    {
        Assert.Equal(expected, BackendDescription.Describe(systemInfo, 0, 41, 4));
    }

    [Fact]
    public void With_offloaded_layers_the_gpu_and_its_share_of_the_layers_are_named_instead_of_the_cpu()
    {
        Assert.Equal("GPU (12 of 41 layers), 6 threads", BackendDescription.Describe("AVX2 = 1", 12, 41, 6));
        Assert.Equal("GPU (1 of 2 layers), 1 threads", BackendDescription.Describe("AVX512 = 1", 1, 2, 1));
    }
}
