using System.Globalization;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Memory;
using Glm.Inference.Native;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Cli;

/// <summary>
/// doctor's memory lines: before loading, what the model needs by <see cref="ModelMemoryEstimator"/> (weights, KV cache
/// at the context size, compute buffers) and where it goes; after loading, what llama.cpp says it allocated and, with a
/// GPU, whether that fits the card's free memory. The GPU branch has only run on log lines a CUDA build prints, never
/// on a card (there is none where this was written).
/// </summary>
internal sealed class DoctorMemoryReport
{
    private readonly LlamaMemoryLog log = new();

    /// <param name="engineLogger">Where the engine's log goes; native lines pass through and are read on the way.</param>
    public DoctorMemoryReport(ILogger engineLogger) => Logger = new RecordingLogger(engineLogger, log);

    /// <summary>The logger to load the engine with, so llama.cpp's memory lines are recorded.</summary>
    public ILogger Logger { get; }

    /// <summary>Prints the estimate; it loads the native library (to ask whether it can offload), logging into <see cref="Logger"/>.</summary>
    public void PrintEstimate(TextWriter output, GgufModelSummary summary, EngineOptions options)
    {
        NativeLogging.EnsureInitialized(Logger);
        var supported = GpuOffload.BackendSupportsOffload();
        var estimate = ModelMemoryEstimator.Estimate(
            summary.HyperParameters,
            summary.File.Tensors,
            new MemoryEstimateOptions(options.ContextSize, GpuOffload.Resolve(options.GpuLayers, supported), supported) { MicroBatchSize = options.MicroBatchSize });
        var requested = options.GpuLayers is { } count ? $"{count} requested" : "auto";
        Line(output, "gpu layers", $"{estimate.OffloadedLayers} of {estimate.OffloadableLayers} ({requested}{(supported ? ")" : "; the CPU backend cannot offload)")}");
        Line(output, "memory needed", $"{MiB(estimate.Total.Total)}: weights {MiB(estimate.Weights.Total)}, KV cache {MiB(estimate.KvCache.Total)} "
            + $"({estimate.KvCells} tokens, f16), compute buffers ~{MiB(estimate.ComputeBuffers.Total)} (an estimate)");
        if (estimate.OffloadedLayers > 0)
        {
            Line(output, "  on the GPU", MiB(estimate.Total.Device));
            Line(output, "  in host memory", MiB(estimate.Total.Host));
        }
    }

    /// <summary>Prints llama.cpp's own figures after a load; when the load fails, the GPU's free memory still, as that is
    /// the likeliest reason (a CUDA build fails a load that does not fit).</summary>
    public async Task<T> MeasureLoadAsync<T>(TextWriter output, Func<Task<T>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        T loaded;
        try
        {
            loaded = await load();
        }
        catch
        {
            PrintGpuFit(output);
            throw;
        }

        Line(output, "memory allocated", string.Join(", ",
            Allocated("weights", LlamaBufferKind.Weights), Allocated("KV cache", LlamaBufferKind.KvCache), Allocated("compute", LlamaBufferKind.Compute))
            + " (llama.cpp's figures)");
        PrintGpuFit(output);
        return loaded;
    }

    private string Allocated(string label, LlamaBufferKind kind)
    {
        var buffers = log.Buffers.Where(b => b.Kind == kind).ToList();
        return buffers.Count == 0
            ? $"{label} not reported"
            : $"{label} {MiB(buffers.Sum(b => b.Bytes))} ({string.Join(", ", buffers.Select(b => $"{b.Buffer} {MiB(b.Bytes)}"))})";
    }

    private void PrintGpuFit(TextWriter output)
    {
        if (log.Devices.Count == 0)
        {
            Line(output, "gpu memory", "no GPU in use");
            return;
        }

        var free = log.Devices.Sum(d => d.FreeBytes);
        var devices = string.Join(", ", log.Devices.Select(d => $"{d.Name} ({d.Description}) {MiB(d.FreeBytes)} free"));
        var needed = log.Total(LlamaBufferKind.Weights) + log.Total(LlamaBufferKind.KvCache) + log.Total(LlamaBufferKind.Compute) + log.Total(LlamaBufferKind.Output);
        var verdict = needed.Device == 0 ? "the load failed before allocating; see the error below"
            : needed.Device <= free ? $"uses {MiB(needed.Device)}: fits, {MiB(free - needed.Device)} to spare"
            : $"uses {MiB(needed.Device)}: does not fit; lower --gpu-layers or the context size";
        Line(output, "gpu memory", $"{devices} at load; {verdict}");
    }

    private static string MiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):N1} MiB");

    private static void Line(TextWriter output, string label, string value) => output.WriteLine($"{label,-20} {value}");

    /// <summary>Passes every line on and feeds llama.cpp's lines to the memory log; it must see them whatever the level.</summary>
    private sealed class RecordingLogger(ILogger inner, LlamaMemoryLog log) : ILogger
    {
        private readonly Lock gate = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (gate)
            {
                log.Add(formatter(state, exception));
            }

            if (inner.IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
