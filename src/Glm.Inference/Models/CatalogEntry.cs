namespace Glm.Inference.Models;

/// <summary>One model file found on this machine.</summary>
/// <param name="Path">The GGUF file (for Ollama, its blob).</param>
/// <param name="Source">Which store it was found in.</param>
/// <param name="DisplayName">A name to show: Ollama's <c>name:tag</c>, else the path relative to its folder.</param>
/// <param name="SizeBytes">File size.</param>
/// <param name="Summary">Header facts; null when the header could not be read (see <paramref name="Problem"/>).</param>
/// <param name="Runnable">True when this build can run it: a readable GGUF of architecture <c>chatglm</c> or <c>glm4</c>.</param>
/// <param name="Problem">Why it is not runnable, as a sentence; null when it is.</param>
public sealed record CatalogEntry(string Path, ModelSource Source, string DisplayName, long SizeBytes, GgufSummary? Summary, bool Runnable, string? Problem);
