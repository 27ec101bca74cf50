namespace Glm.Inference.Engine;

/// <summary>How to load a model and size its context.</summary>
/// <param name="ModelPath">Path of the GGUF file.</param>
public sealed record EngineOptions(string ModelPath)
{
    /// <summary>
    /// Layers offloaded to a GPU (llama.cpp's n_gpu_layers, the output layer counting as one). Null is "auto": every
    /// layer when the backend supports GPU offload, else 0 (<see cref="GpuOffload"/>). The CPU backend ignores it.
    /// </summary>
    public int? GpuLayers { get; init; }

    /// <summary>Total context in tokens, shared out evenly between the <see cref="Slots"/>.</summary>
    public int ContextSize { get; init; } = DefaultContextSize;

    /// <summary>The product's default context size: the server's contextSize setting (and through it the CLI's
    /// --context-size) declares this value, so a library caller that leaves it out gets what the editor gets.</summary>
    public const int DefaultContextSize = 4096;

    /// <summary>Most tokens per decode call; longer prompts are fed in chunks of this size.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// Tokens llama.cpp computes at once inside a decode call (n_ubatch). Its compute buffer is sized for this many
    /// tokens with all their logits: at 512 that is 143 MB for ChatGLM3's 65,024-token vocabulary and over 300 MB for
    /// GLM-4's 151,552, resident after the first long prompt. 64 keeps it near 18 MB (ChatGLM3) and 40 MB (GLM-4),
    /// which the server's memory target (200 MB beyond model and KV) needs. Capped at <see cref="BatchSize"/>.
    /// </summary>
    public int MicroBatchSize { get; init; } = DefaultMicroBatchSize;

    public const int DefaultMicroBatchSize = 64;

    /// <summary>
    /// Compute threads. One core is left free by default: llama.cpp's worker threads spin while waiting and would
    /// otherwise starve the editor that hosts us.
    /// </summary>
    public int Threads { get; init; } = DefaultThreads;

    /// <summary>Independent KV sequences, each keeping the prompt of its last request for reuse.</summary>
    public int Slots { get; init; } = DefaultSlots;

    /// <summary>The product's default slot count, which the server's slots setting declares as its default.</summary>
    public const int DefaultSlots = 1;

    /// <summary>llama.cpp's limit of parallel sequences (<c>LLAMA_MAX_SEQ</c>): it refuses more by throwing a C++
    /// exception through its C interface, which ends the process instead of failing the load.</summary>
    public const int MaxSlots = 256;

    /// <summary>
    /// Map the file instead of reading it (faster start, pages shared with the OS cache). Off by default: on CPU
    /// llama.cpp repacks the weights into private memory anyway, so a mapping only adds the file's pages to the resident
    /// set, and a mapped file truncated in place under a running generation kills the process with SIGBUS.
    /// </summary>
    public bool UseMemoryMap { get; init; }

    /// <summary>
    /// Reuse the KV cache of the longest common prefix between requests (the normal mode). False clears the slot before
    /// every request so the whole prompt is evaluated each time: a benchmark and diagnostic switch that measures what
    /// reuse saves, never a production setting.
    /// </summary>
    public bool ReusePromptCache { get; init; } = true;

    /// <summary>
    /// Replaces prompt-lookup drafting (given a request's prompt tokens, makes its drafter): tests and the benchmark use
    /// it to script exactly which guesses are right. Internal, so the shipped server cannot be configured with it.
    /// </summary>
    internal Func<IReadOnlyCollection<int>, ITokenDrafter>? DrafterFactory { get; init; }

    /// <summary>
    /// Pins the inference thread (which runs every decode with one compute thread) to this CPU; null leaves placement
    /// to the OS. For the benchmark: see <see cref="ThreadAffinity"/>. Ignored where affinity cannot be set.
    /// </summary>
    public int? InferenceCpu { get; init; }

    public static int DefaultThreads => ThreadsLeavingOneCore(Environment.ProcessorCount);

    /// <summary>The default thread count on a machine with this many cores: one core is left to the editor, and at
    /// least one thread is used.</summary>
    internal static int ThreadsLeavingOneCore(int processorCount) => Math.Max(1, processorCount - 1);

    /// <summary>Refuses sizes llama.cpp would reject with a less helpful message, or silently misuse.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range; the message names the option.</exception>
    public void ThrowIfInvalid()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ModelPath);
        Require(Slots >= 1, Slots, nameof(Slots), "at least 1");
        Require(Slots <= MaxSlots, Slots, nameof(Slots), $"at most {MaxSlots}, llama.cpp's limit of parallel sequences");
        Require(ContextSize >= 64 * Slots, ContextSize, nameof(ContextSize), $"at least 64 tokens per slot ({64 * Slots} for {Slots} slots)");
        Require(BatchSize >= 1, BatchSize, nameof(BatchSize), "at least 1");
        Require(MicroBatchSize >= 1, MicroBatchSize, nameof(MicroBatchSize), "at least 1");
        Require(Threads >= 1, Threads, nameof(Threads), "at least 1");
        Require(GpuLayers is null or >= 0, GpuLayers ?? 0, nameof(GpuLayers), "0 or more (or null for auto)");
    }

    private static void Require(bool condition, int value, string name, string expectation)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(name, value, $"EngineOptions.{name} must be {expectation}; it is {value}.");
        }
    }
}
