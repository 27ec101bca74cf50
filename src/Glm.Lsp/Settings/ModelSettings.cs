namespace Glm.Lsp.Settings;

/// <summary>What a generator factory needs to load a model. Equal values mean no reload is needed.</summary>
/// <param name="ModelPath">The GGUF file; empty when none is configured.</param>
/// <param name="GpuLayers">Layers offloaded to a GPU; null is "auto" (all of them on a GPU backend, none on the CPU one).</param>
/// <param name="ContextSize">Tokens per context.</param>
/// <param name="Threads">CPU threads; 0 lets the engine decide.</param>
/// <param name="Slots">Parallel contexts (sequences) the engine keeps.</param>
/// <remarks>The API key is deliberately not part of this record: records print all their values, and model settings
/// are logged. It lives in <see cref="Models.ApiKeyStore"/>.</remarks>
public sealed record ModelSettings(string ModelPath, int? GpuLayers, int ContextSize, int Threads, int Slots)
{
    /// <summary>Map the GGUF (llama.cpp's use_mmap) rather than read it into private memory (glm.useMemoryMap).</summary>
    public bool UseMemoryMap { get; init; }

    /// <summary>The remote engine that replaces the local model; null runs <see cref="ModelPath"/> locally.</summary>
    public RemoteModelSettings? Remote { get; init; }

    /// <summary>Where <see cref="ModelPath"/> came from, named in the messages about it.</summary>
    public ModelPathSource PathSource { get; init; }

    /// <summary>Bumped by a new API key so that an otherwise equal remote configuration reconnects.</summary>
    public int ApiKeyVersion { get; init; }
}
