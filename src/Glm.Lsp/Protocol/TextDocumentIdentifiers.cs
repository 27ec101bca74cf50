namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocumentIdentifier</remarks>
public sealed record TextDocumentIdentifier(string Uri);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#versionedTextDocumentIdentifier</remarks>
public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocumentItem</remarks>
public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);
