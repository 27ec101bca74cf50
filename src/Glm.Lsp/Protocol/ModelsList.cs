using System.Text.Json.Serialization;

namespace Glm.Lsp.Protocol;

/// <summary>Parameters of the custom request glm/models (docs/lsp-extensions.md#glmmodels-request): none yet.</summary>
public sealed record ModelsParams;

/// <summary>The result of glm/models: every GGUF model found on this machine, the configured one first.</summary>
public sealed record ModelsResult(IReadOnlyList<ModelListEntry> Models);

/// <summary>One model of glm/models. <see cref="Architecture"/> and <see cref="Quantization"/> are sent as null when
/// unknown (the header could not be read, or it does not say), so clients can rely on the members being there.</summary>
/// <param name="Path">The GGUF file to put into glm.modelPath (for Ollama, its blob).</param>
/// <param name="Name">A name to show: Ollama's name:tag, else the path relative to its folder.</param>
/// <param name="Source">"setting" (glm.modelPath), "directory" (glm.modelDirectories), "cache", "ollama" or "lmstudio".</param>
/// <param name="Architecture">general.architecture, such as chatglm or glm4.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="Quantization">general.file_type by name, such as Q4_0.</param>
/// <param name="Runnable">Whether this build can run it.</param>
/// <param name="Problem">Why it cannot run; left out when it can.</param>
public sealed record ModelListEntry(
    string Path,
    string Name,
    string Source,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Architecture,
    long SizeBytes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Quantization,
    bool Runnable,
    string? Problem = null);
