namespace Glm.TestModels;

/// <summary>The predictable model's greedy output for a prompt, computed without running it.</summary>
/// <param name="TokenIds">Generated ids; when <paramref name="StoppedAtEnd"/> the last one is the end-of-generation token.</param>
/// <param name="Text">The UTF-8 text of the generated tokens (end and control tokens render as nothing).</param>
/// <param name="StoppedAtEnd">False when the token limit cut the continuation.</param>
public sealed record PredictedContinuation(IReadOnlyList<int> TokenIds, string Text, bool StoppedAtEnd);
