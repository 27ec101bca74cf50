namespace Glm.Inference.Models;

/// <summary>The few header facts a model listing shows, read without loading the model.</summary>
/// <param name="Architecture"><c>general.architecture</c>, such as <c>chatglm</c> or <c>glm4</c>.</param>
/// <param name="Name"><c>general.name</c>, when present.</param>
/// <param name="Quantization">The name of <c>general.file_type</c> (such as Q4_0), or null when the file does not say.</param>
/// <param name="ContextLength"><c>{architecture}.context_length</c>, when present.</param>
public sealed record GgufSummary(string Architecture, string? Name, string? Quantization, long? ContextLength);
