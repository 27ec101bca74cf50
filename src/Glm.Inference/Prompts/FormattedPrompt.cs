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

/// <summary>What a prompt part is, which decides whether control tokens written in it count.</summary>
public enum SegmentKind
{
    /// <summary>Text the formatter (or a user's raw prompt) wrote: control tokens count where they are bracketed
    /// (<c>[gMASK]</c>, <c>&lt;|user|&gt;</c>) and as <c>sop</c> right after <c>[gMASK]</c>
    /// (<see cref="Tokenization.ScaffoldTokens"/>).</summary>
    Scaffolding,

    /// <summary>Document text, selections, instructions, user messages: plain text, never a control token, even where it
    /// spells one (<c>&lt;|user|&gt;</c> in a document, "people" holding ChatGLM3's <c>eop</c>).</summary>
    Content,
}

/// <summary>A part of a formatted prompt.</summary>
/// <param name="Text">The text.</param>
/// <param name="Cut">Which end may be cut.</param>
/// <param name="MaxShareOfBudget">If set, the segment is first cut to this fraction of the token budget.</param>
/// <param name="Kind">Scaffolding (control tokens parsed) or content (plain text).</param>
public sealed record PromptSegment(
    string Text, SegmentCut Cut = SegmentCut.Keep, double? MaxShareOfBudget = null, SegmentKind Kind = SegmentKind.Scaffolding)
{
    /// <summary>A content segment: tokenized as plain text.</summary>
    public static PromptSegment Content(string text, SegmentCut cut = SegmentCut.FromStart, double? maxShareOfBudget = null) =>
        new(text, cut, maxShareOfBudget, SegmentKind.Content);
}

/// <summary>A prompt as the model reads it, in parts that say which may be cut and which are plain text.</summary>
/// <param name="Segments">The parts in order.</param>
public sealed record FormattedPrompt(IReadOnlyList<PromptSegment> Segments)
{
    /// <summary>The whole prompt text.</summary>
    public string Text => string.Concat(Segments.Select(s => s.Text));

    /// <summary>Texts that end the answer besides the caller's stop strings (CodeGeeX4's infilling markers when the
    /// vocabulary has them only as text).</summary>
    public IReadOnlyList<string> StopStrings { get; init; } = [];

    /// <summary>True when the answer begins with a header line to drop (ChatGLM3: metadata, usually empty, then a
    /// newline and the SentencePiece word space).</summary>
    public bool AnswerHasHeaderLine { get; init; }
}
