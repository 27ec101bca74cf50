using LLama.Native;

namespace Glm.Inference.Engine;

/// <summary>
/// How many layers go to the GPU. <see cref="EngineOptions.GpuLayers"/> null means "auto": every layer when the
/// loaded llama.cpp backend can offload (the CUDA build), none on the CPU backend; an explicit count always wins.
/// </summary>
public static class GpuOffload
{
    /// <summary>
    /// The n_gpu_layers value that offloads every layer of any GLM model: llama.cpp caps it at n_layer + 1 (the
    /// output layer counts as one), so the model's depth need not be known when the parameters are built.
    /// </summary>
    public const int AllLayers = 999;

    /// <summary>True when the loaded native backend can place layers on a GPU (llama_supports_gpu_offload). It loads
    /// the native library, so callers install <see cref="Native.NativeLogging"/> first.</summary>
    public static bool BackendSupportsOffload() => NativeApi.llama_supports_gpu_offload();

    /// <summary>The n_gpu_layers value llama.cpp gets for a request: the explicit count, or auto's choice.</summary>
    public static int Resolve(int? requested, bool backendSupportsOffload) =>
        requested ?? (backendSupportsOffload ? AllLayers : 0);

    /// <summary>Offloadable layers of a model: its blocks plus the output layer, as llama.cpp counts them.</summary>
    public static int OffloadableLayers(int blockCount) => blockCount + 1;

    /// <summary>Layers that actually land on a GPU: none without an offloading backend, else at most all of them.</summary>
    public static int OffloadedLayers(int nGpuLayers, int blockCount, bool backendSupportsOffload) =>
        backendSupportsOffload ? Math.Clamp(nGpuLayers, 0, OffloadableLayers(blockCount)) : 0;
}
