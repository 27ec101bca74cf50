namespace Glm.Lsp.Protocol;

/// <summary>
/// Parameters of the custom notification <c>glm/didFocus</c> (client → server, docs/lsp-extensions.md#glmdidfocus-notification):
/// the open document the user now looks at, and where, so the server can prefill the prompt of the next suggestion there.
/// Clients that do not send it lose nothing but that guess: the last opened or edited document stands in for it.
/// </summary>
/// <param name="TextDocument">The focused document; it is open (didOpen) or about to be.</param>
/// <param name="VisibleRange">The part of the document on screen, when the client knows it.</param>
/// <param name="Position">The cursor, when the client knows it.</param>
public sealed record DidFocusParams(TextDocumentIdentifier TextDocument, LspRange? VisibleRange = null, Position? Position = null);
