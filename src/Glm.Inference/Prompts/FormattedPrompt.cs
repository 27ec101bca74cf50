namespace Glm.Inference.Prompts;

/// <summary>How a prompt part may be shortened when the whole prompt does not fit the context.</summary>
public enum SegmentCut
{
    /// <summary>Never cut (special tokens, headers, the turn marker the answer follows).</summary>
    Keep,

    /// <summary>Cut from the beginning: the oldest text goes first. Leading control tokens stay.</summary>
    FromStart,

    /// <summary>Cut from the end (a fill-in-the-middle suffix: the text farthest from the cursor goes first).</summary>
    FromEnd,
}

/// <summary>A part of a formatted prompt.</summary>
/// <param name="Text">The text; special tokens written in it are parsed.</param>
/// <param name="Cut">Which end may be cut.</param>
/// <param name="MaxShareOfBudget">If set, the segment is first cut to this fraction of the token budget.</param>
public sealed record PromptSegment(string Text, SegmentCut Cut = SegmentCut.Keep, double? MaxShareOfBudget = null);

/// <summary>A prompt as the model reads it, in parts that say which may be cut.</summary>
public sealed record FormattedPrompt(IReadOnlyList<PromptSegment> Segments)
{
    /// <summary>The whole prompt text.</summary>
    public string Text => string.Concat(Segments.Select(s => s.Text));
}
