namespace Glm.Inference.Gguf;

/// <summary>What <see cref="GgufModelValidator"/> learned about a model that passed every check.</summary>
/// <param name="File">The parsed header.</param>
/// <param name="Name">general.name, or null when the file has none.</param>
/// <param name="HyperParameters">Sizes from the metadata.</param>
/// <param name="TokenizerModel">tokenizer.ggml.model: "gpt2" (BPE) or "llama" (ChatGLM3's SentencePiece).</param>
/// <param name="TokenizerPre">tokenizer.ggml.pre, or null when absent.</param>
/// <param name="ParameterCount">Elements over all tensors.</param>
/// <param name="DominantTensorType">The type holding the most bytes (the model's quantization).</param>
public sealed record GgufModelSummary(
    GgufFile File,
    string? Name,
    GlmHyperParameters HyperParameters,
    string TokenizerModel,
    string? TokenizerPre,
    long ParameterCount,
    GgmlType DominantTensorType)
{
    /// <summary>general.architecture: "chatglm" or "glm4".</summary>
    public string Architecture => HyperParameters.Architecture;
}
