namespace Glm.Lsp.Documents;

/// <summary>One edit of a document's text; a change without a range replaces the whole text.</summary>
public sealed record TextChange(string Text, LineRange? Range = null);
