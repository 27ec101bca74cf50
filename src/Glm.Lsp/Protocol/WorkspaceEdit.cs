namespace Glm.Lsp.Protocol;

/// <summary>Either <see cref="Changes"/> (unversioned, per URI) or <see cref="DocumentChanges"/> (each edit carrying
/// the document version it was made for, so a client refuses it once the document moved on); never both.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspaceEdit</remarks>
public sealed record WorkspaceEdit(
    IReadOnlyDictionary<string, IReadOnlyList<TextEdit>>? Changes = null,
    IReadOnlyList<TextDocumentEdit>? DocumentChanges = null);
