using Glm.Lsp.Documents;

namespace Glm.Lsp.Translation;

/// <summary>
/// Edits that put a translation into a comment while keeping the language's markers and indentation: each new line
/// starts with the block's continuation prefix ("    // " for line comments, the indentation inside block comments).
/// </summary>
public static class CommentEdits
{
    /// <summary>Replaces the comment's text with the translation.</summary>
    public static TextReplacement Replace(CommentBlock block, string translation, string lineBreak) =>
        new(block.Range, Join(translation, block.ContinuationPrefix, lineBreak));

    /// <summary>Adds the translation on new lines after the comment's text, keeping the original.</summary>
    public static TextReplacement AppendBelow(CommentBlock block, string translation, string lineBreak) =>
        new(LineRange.At(block.Range.End), lineBreak + block.ContinuationPrefix + Join(translation, block.ContinuationPrefix, lineBreak));

    /// <summary>The document's own line break, so edits in CRLF files stay CRLF.</summary>
    public static string LineBreakOf(string text) => text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private static string Join(string translation, string prefix, string lineBreak) =>
        string.Join(lineBreak + prefix, translation.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()));
}
