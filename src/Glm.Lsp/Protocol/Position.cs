namespace Glm.Lsp.Protocol;

/// <summary>A position in a document: zero-based line and UTF-16 code unit offset within that line.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#position</remarks>
public sealed record Position(int Line, int Character);
