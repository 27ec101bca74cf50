namespace Glm.Inference.Tokenization;

/// <summary>One stretch of text: either a special token written literally or ordinary text between them.</summary>
public readonly record struct TextSegment(string Text, bool IsSpecial);
