namespace Glm.Inference.Engine;

/// <summary>The message of the <see cref="ModelLoadException"/> for a file llama.cpp refused.</summary>
internal static class LoadFailureMessage
{
    /// <summary>
    /// Names the file and repeats the warnings and errors llama.cpp logged while loading it (its only account of
    /// why), without the "llama.cpp: " prefix each carries in the log, joined by " | ".
    /// </summary>
    public static string For(string modelPath, IReadOnlyList<string>? capturedLines)
    {
        var reasons = capturedLines is null || capturedLines.Count == 0
            ? "llama.cpp gave no reason"
            : string.Join(" | ", capturedLines.Select(l => l.Replace("llama.cpp: ", string.Empty, StringComparison.Ordinal)));
        return $"llama.cpp could not load '{modelPath}': {reasons}";
    }
}
