namespace Glm.Lsp.Settings;

/// <summary>What a generator factory needs to load a model. Equal values mean no reload is needed.</summary>
/// <param name="ModelPath">The GGUF file; empty when none is configured.</param>
/// <param name="GpuLayers">Layers offloaded to a GPU; 0 on CPU-only builds.</param>
/// <param name="ContextSize">Tokens per context.</param>
/// <param name="Threads">CPU threads; 0 lets the engine decide.</param>
/// <param name="Slots">Parallel contexts (sequences) the engine keeps.</param>
public sealed record ModelSettings(string ModelPath, int GpuLayers, int ContextSize, int Threads, int Slots);
