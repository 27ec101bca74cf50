namespace Glm.Lsp.Protocol;

/// <summary>Edits of one document at one version (the spec's OptionalVersionedTextDocumentIdentifier; the server always
/// knows the version).</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocumentEdit</remarks>
public sealed record TextDocumentEdit(VersionedTextDocumentIdentifier TextDocument, IReadOnlyList<TextEdit> Edits);
