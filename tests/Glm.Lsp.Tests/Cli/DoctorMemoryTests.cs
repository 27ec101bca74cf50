using Glm.Inference.Gguf;
using Glm.TestModels;

namespace Glm.Lsp.Tests.Cli;

/// <summary>
/// doctor's memory lines on a one-block ChatGLM3-6B-shaped Q4_0 model: the computed needs before loading, llama.cpp's
/// figures after. The CPU backend is all there is here, so the GPU lines are the "no GPU" ones; the GPU branch is
/// covered by Glm.Inference's log-parsing tests only.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class DoctorMemoryTests
{
    private static readonly string Model = TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, 1, GgmlType.Q4_0);

    [Fact]
    public async Task Doctor_PrintsWhatTheModelNeedsAndWhatLlamaCppAllocated()
    {
        var result = await GlmLspProcess.RunAsync("doctor", "--model", Model, "--context-size", "1000", "--tokens", "1");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains("gpu layers           0 of 2 (auto; the CPU backend cannot offload)", lines);
        // Weights 414,418,944 bytes; KV 1 layer × 1,024 cells × 256 × 2 × 2 bytes; compute 4 × 64 × (65,024 + 8,192) + 2 × 64 × 1,024.
        Assert.Contains("memory needed        414.2 MiB: weights 395.2 MiB, KV cache 1.0 MiB (1024 tokens, f16), compute buffers ~18.0 MiB (an estimate)", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("  on the GPU", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("memory allocated     weights 395.2 MiB (CPU ", StringComparison.Ordinal)
            && line.Contains(", KV cache 1.0 MiB (CPU 1.0 MiB), compute 17.", StringComparison.Ordinal)
            && line.EndsWith(" (llama.cpp's figures)", StringComparison.Ordinal));
        Assert.Contains("gpu memory           no GPU in use", lines);
        // A file of real-model size gets advice: one of the sizes, with its Q4_0 file size and suggestion length.
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"^recommended model    (GLM-Edge-1\.5B-Chat|GLM-Edge-4B-Chat|ChatGLM3-6B|GLM-4-9B-Chat) \(for [^,]+(; CodeGeeX4-ALL-9B for code)?, Q4_0 about \d\.\d GB\): about \d+ tokens per suggestion"));
    }

    [Fact]
    public async Task Doctor_SaysARequestedLayerCountCannotBeOffloadedByTheCpuBackend()
    {
        var result = await GlmLspProcess.RunAsync("doctor", "--model", Model, "--context-size", "256", "--tokens", "1", "--gpu-layers", "2");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gpu layers           0 of 2 (2 requested; the CPU backend cannot offload)", result.Stdout.Split('\n'));
    }

    [Fact]
    public async Task GpuLayers_OtherThanAutoOrACount_IsRefusedWithOneLine()
    {
        var result = await GlmLspProcess.RunAsync("doctor", "--model", Model, "--gpu-layers", "all");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--gpu-layers must be auto or a count of 0 or more; got 'all'.", result.Stderr, StringComparison.Ordinal);
    }
}
