using System.Collections.Concurrent;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Memory;
using Glm.TestModels;
using Microsoft.Extensions.Logging;

namespace Glm.Inference.Tests.Memory;

/// <summary>llama.cpp's own memory report, read from its log, against the estimate.</summary>
/// <remarks>llama.cpp's log callback is one per process, so engines loading in parallel tests would add their buffers to
/// this test's log: it runs alone.</remarks>
[Collection(nameof(NativeLogCollection))]
[Trait("Speed", "Slow")]
public class LlamaMemoryLogTests
{
    [Fact]
    public void Cuda_load_lines_give_device_and_host_buffers_free_memory_and_the_offloaded_layers()
    {
        // The lines a CUDA build of llama.cpp prints (format strings of the bundled libllama); no GPU here to print them.
        var log = new LlamaMemoryLog();
        foreach (var line in new[]
        {
            "llama.cpp: llama_model_load_from_file_impl: using device CUDA0 (NVIDIA GeForce RTX 2060 (6GB)) (0000:01:00.0) - 5826 MiB free",
            "llama.cpp: load_tensors: offloaded 29/29 layers to GPU",
            "llama.cpp: load_tensors:        CUDA0 model buffer size =  3273.13 MiB",
            "llama.cpp: load_tensors:   CPU_Mapped model buffer size =   142.88 MiB",
            "llama.cpp: llama_context:  CUDA_Host  output buffer size =     0.25 MiB",
            "llama.cpp: llama_kv_cache:      CUDA0 KV buffer size =   112.00 MiB",
            "llama.cpp: sched_reserve:      CUDA0 compute buffer size =    22.50 MiB",
            "llama.cpp: sched_reserve:  CUDA_Host compute buffer size =     2.51 MiB",
            "llama.cpp: sched_reserve: graph splits = 2",
        })
        {
            log.Add(line);
        }

        Assert.Equal([new GpuDeviceMemory("CUDA0", "NVIDIA GeForce RTX 2060 (6GB)", 5826L * 1024 * 1024)], log.Devices);
        Assert.Equal((29, 29), log.OffloadedLayers);
        Assert.Equal(new MemorySplit(3_432_125_563, 149_820_539), log.Total(LlamaBufferKind.Weights));
        Assert.Equal(new MemorySplit(112L * 1024 * 1024, 0), log.Total(LlamaBufferKind.KvCache));
        Assert.Equal(new MemorySplit(23_592_960, 2_631_926), log.Total(LlamaBufferKind.Compute));
        Assert.Equal(new MemorySplit(0, 262_144), log.Total(LlamaBufferKind.Output));
    }

    [Fact]
    public async Task The_cpu_backend_reports_what_the_estimate_computes()
    {
        var path = TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, 1, GgmlType.Q4_0);
        var lines = new ConcurrentQueue<string>();
        await using (await LlamaEngine.LoadAsync(
            new EngineOptions(path) { ContextSize = 1000, Slots = 1, Threads = 1 }, null, new LineLogger(lines), CancellationToken.None))
        {
        }

        var log = new LlamaMemoryLog();
        foreach (var line in lines)
        {
            log.Add(line);
        }

        var summary = GgufModelValidator.Validate(path);
        var estimate = ModelMemoryEstimator.Estimate(
            summary.HyperParameters, summary.File.Tensors, new MemoryEstimateOptions(1000, GpuOffload.Resolve(null, false), false));

        Assert.Empty(log.Devices);
        Assert.Null(log.OffloadedLayers);
        // 1 layer × 1,024 cells × 256 × 2 × 2 bytes, exactly as llama.cpp allocated it.
        Assert.Equal(new MemorySplit(0, 1024L * 1024), log.Total(LlamaBufferKind.KvCache));
        Assert.Equal(estimate.KvCache, log.Total(LlamaBufferKind.KvCache));
        // llama.cpp's model buffers (CPU and CPU_REPACK) hold the tensor bytes; its log rounds each to 0.01 MiB.
        Assert.Equal(0, log.Total(LlamaBufferKind.Weights).Device);
        Assert.InRange(log.Total(LlamaBufferKind.Weights).Host, estimate.Weights.Host * 0.999, estimate.Weights.Host * 1.001);
        // The compute estimate is one; on this backend it lands within 3% of llama.cpp's figure.
        var compute = log.Total(LlamaBufferKind.Compute).Host;
        Assert.InRange(estimate.ComputeBuffers.Host, compute * 0.97, compute * 1.03);
    }

    private sealed class LineLogger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}

[CollectionDefinition(nameof(NativeLogCollection), DisableParallelization = true)]
public sealed class NativeLogCollection;
