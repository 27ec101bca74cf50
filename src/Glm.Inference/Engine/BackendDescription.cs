namespace Glm.Inference.Engine;

/// <summary>The backend line of <see cref="ModelDescription"/>: where the layers run, and with which CPU instructions.</summary>
internal static class BackendDescription
{
    /// <summary>
    /// "GPU (n of m layers), t threads" when any layer is offloaded, else "CPU (x), t threads" with x the widest vector
    /// extension llama.cpp reports in <paramref name="systemInfo"/> (llama_print_system_info): avx512, avx2, avx or generic.
    /// </summary>
    public static string Describe(string systemInfo, int offloadedLayers, int offloadableLayers, int threads)
    {
        var instructions = systemInfo.Contains("AVX512 = 1", StringComparison.Ordinal) ? "avx512"
            : systemInfo.Contains("AVX2 = 1", StringComparison.Ordinal) ? "avx2"
            : systemInfo.Contains("AVX = 1", StringComparison.Ordinal) ? "avx"
            : "generic";
        var device = offloadedLayers > 0 ? $"GPU ({offloadedLayers} of {offloadableLayers} layers)" : $"CPU ({instructions})";
        return $"{device}, {threads} threads";
    }
}
