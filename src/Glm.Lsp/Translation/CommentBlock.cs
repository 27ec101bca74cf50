using Glm.Lsp.Documents;

namespace Glm.Lsp.Translation;

/// <summary>
/// A comment or docstring found around a position: its text without markers, the range of that text, and the
/// prefix that starts a continuation line (the indentation and, for line comments, the marker such as "// ").
/// </summary>
public sealed record CommentBlock(string Text, LineRange Range, string ContinuationPrefix);
