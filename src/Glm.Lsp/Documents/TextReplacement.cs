namespace Glm.Lsp.Documents;

/// <summary>Text that replaces a range of a document (an empty range inserts it).</summary>
public sealed record TextReplacement(LineRange Range, string NewText);
