namespace Glm.Lsp.Protocol;

/// <summary>A range between two positions, end exclusive. Named LspRange because System.Range is always in scope.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#range</remarks>
public sealed record LspRange(Position Start, Position End);
