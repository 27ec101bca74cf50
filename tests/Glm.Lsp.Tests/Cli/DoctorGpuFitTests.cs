using Glm.Lsp.Cli;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Lsp.Tests.Cli;

/// <summary>
/// doctor's GPU verdict, fed the log lines a CUDA build of llama.cpp prints (the format strings of the bundled
/// libllama). There is no GPU where these tests run, so this is as close to the GPU branch as they get.
/// </summary>
public sealed class DoctorGpuFitTests
{
    private const string Device = "llama_model_load_from_file_impl: using device CUDA0 (NVIDIA GeForce RTX 2060) (0000:01:00.0) - 5826 MiB free";

    [Fact]
    public async Task AModelThatFits_IsSaidToFitWithWhatIsLeft()
    {
        var output = await RunAsync(succeeds: true, Device, "load_tensors:        CUDA0 model buffer size =  3273.13 MiB",
            "load_tensors:   CPU_Mapped model buffer size =   142.88 MiB", "llama_kv_cache:      CUDA0 KV buffer size =   224.00 MiB",
            "sched_reserve:      CUDA0 compute buffer size =    22.00 MiB", "sched_reserve:  CUDA_Host compute buffer size =     2.50 MiB");

        Assert.Equal(
            "memory allocated     weights 3,416.0 MiB (CUDA0 3,273.1 MiB, CPU_Mapped 142.9 MiB), KV cache 224.0 MiB (CUDA0 224.0 MiB), "
            + "compute 24.5 MiB (CUDA0 22.0 MiB, CUDA_Host 2.5 MiB) (llama.cpp's figures)\n"
            + "gpu memory           CUDA0 (NVIDIA GeForce RTX 2060) 5,826.0 MiB free at load; uses 3,519.1 MiB: fits, 2,306.9 MiB to spare\n",
            output);
    }

    [Fact]
    public async Task AModelThatDoesNotFit_SaysWhatToLower()
    {
        var output = await RunAsync(succeeds: true, Device, "load_tensors:        CUDA0 model buffer size =  5800.00 MiB",
            "llama_kv_cache:      CUDA0 KV buffer size =   320.00 MiB");

        Assert.EndsWith(
            "gpu memory           CUDA0 (NVIDIA GeForce RTX 2060) 5,826.0 MiB free at load; uses 6,120.0 MiB: does not fit; lower --gpu-layers or the context size\n",
            output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedLoad_StillShowsTheFreeMemory()
    {
        var output = await RunAsync(succeeds: false, Device);

        Assert.Equal("gpu memory           CUDA0 (NVIDIA GeForce RTX 2060) 5,826.0 MiB free at load; the load failed before allocating; see the error below\n", output);
    }

    private static async Task<string> RunAsync(bool succeeds, params string[] nativeLines)
    {
        var report = new DoctorMemoryReport(NullLogger.Instance);
        foreach (var line in nativeLines)
        {
            report.Logger.LogDebug("llama.cpp: {NativeMessage}", line);
        }

        using var output = new StringWriter { NewLine = "\n" };
        try
        {
            await report.MeasureLoadAsync(output, () => succeeds ? Task.FromResult(0) : Task.FromException<int>(new InvalidOperationException("cudaMalloc failed")));
        }
        catch (InvalidOperationException) when (!succeeds)
        {
            // The load's own error is the caller's to print.
        }

        return output.ToString();
    }
}
