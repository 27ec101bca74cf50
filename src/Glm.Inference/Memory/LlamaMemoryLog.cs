using System.Globalization;
using System.Text.RegularExpressions;

namespace Glm.Inference.Memory;

/// <summary>
/// The memory llama.cpp reports in its log while loading a model and creating a context: each buffer it allocated,
/// the free memory of every GPU it found, and how many layers it offloaded. Measured figures, where
/// <see cref="ModelMemoryEstimator"/> can only compute or estimate.
/// </summary>
public sealed partial class LlamaMemoryLog
{
    private readonly List<LlamaBuffer> buffers = [];
    private readonly List<GpuDeviceMemory> devices = [];

    public IReadOnlyList<LlamaBuffer> Buffers => buffers;

    /// <summary>GPUs llama.cpp chose at load, with their free memory before the model was placed.</summary>
    public IReadOnlyList<GpuDeviceMemory> Devices => devices;

    /// <summary>"offloaded N/M layers to GPU", when llama.cpp said it (only backends with a GPU do).</summary>
    public (int Offloaded, int Offloadable)? OffloadedLayers { get; private set; }

    /// <summary>Reads one native log line; lines that report no memory are ignored.</summary>
    public void Add(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (BufferLine().Match(line) is { Success: true } buffer)
        {
            buffers.Add(new LlamaBuffer(
                buffer.Groups["kind"].Value switch { "model" => LlamaBufferKind.Weights, "KV" => LlamaBufferKind.KvCache, "compute" => LlamaBufferKind.Compute, _ => LlamaBufferKind.Output },
                buffer.Groups["buffer"].Value,
                MiB(double.Parse(buffer.Groups["mib"].Value, CultureInfo.InvariantCulture))));
        }
        else if (DeviceLine().Match(line) is { Success: true } device)
        {
            devices.Add(new GpuDeviceMemory(device.Groups["name"].Value, device.Groups["description"].Value,
                MiB(long.Parse(device.Groups["free"].Value, CultureInfo.InvariantCulture))));
        }
        else if (OffloadLine().Match(line) is { Success: true } offload)
        {
            OffloadedLayers = (int.Parse(offload.Groups["done"].Value, CultureInfo.InvariantCulture), int.Parse(offload.Groups["of"].Value, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Bytes of one kind of buffer, split between GPU and host memory.</summary>
    public MemorySplit Total(LlamaBufferKind kind) =>
        buffers.Where(b => b.Kind == kind).Aggregate(default(MemorySplit), (sum, b) => sum + MemorySplit.On(!b.IsHost, b.Bytes));

    private static long MiB(double mib) => (long)Math.Round(mib * 1024 * 1024);

    // llama.cpp: "load_tensors:   CPU_REPACK model buffer size =   361.69 MiB", "llama_kv_cache:  CUDA0 KV buffer size = …",
    // "sched_reserve:  CUDA_Host compute buffer size = …", "llama_context:  CPU  output buffer size = …".
    [GeneratedRegex(@"(?<buffer>\S+) +(?<kind>model|KV|compute|output) buffer size = +(?<mib>[0-9.]+) MiB")]
    private static partial Regex BufferLine();

    // "llama_model_load_from_file_impl: using device CUDA0 (NVIDIA GeForce RTX 3060) (0000:01:00.0) - 5826 MiB free"
    [GeneratedRegex(@"using device (?<name>\S+) \((?<description>.*)\) \([^()]*\) - (?<free>[0-9]+) MiB free")]
    private static partial Regex DeviceLine();

    [GeneratedRegex(@"offloaded (?<done>[0-9]+)/(?<of>[0-9]+) layers to GPU")]
    private static partial Regex OffloadLine();
}

/// <summary>What a llama.cpp buffer holds.</summary>
public enum LlamaBufferKind
{
    Weights,
    KvCache,
    Compute,
    Output,
}

/// <summary>One buffer llama.cpp allocated, named by its buffer type (CPU, CPU_REPACK, CUDA0, CUDA_Host, …).</summary>
public sealed record LlamaBuffer(LlamaBufferKind Kind, string Buffer, long Bytes)
{
    /// <summary>CPU buffers and a GPU backend's pinned host buffers (CUDA_Host) live in host memory; the rest on a GPU.</summary>
    public bool IsHost => Buffer.StartsWith("CPU", StringComparison.Ordinal) || Buffer.EndsWith("_Host", StringComparison.Ordinal);
}

/// <summary>A GPU llama.cpp used, and its free memory when the model began to load.</summary>
public sealed record GpuDeviceMemory(string Name, string Description, long FreeBytes);
