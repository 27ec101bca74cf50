using Glm.Lsp.Client;
using Glm.Lsp.Documents;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Handlers;

/// <summary>
/// The one way the server answers with an edit of text it read earlier (rewrites and translations take seconds): the
/// edit carries the version the text was read from when the client takes versioned edits, and a document that changed
/// (or closed) since is answered with ContentModified instead of an edit that would land on moved text.
/// </summary>
internal static class WorkspaceEditFactory
{
    /// <summary>The edit of <paramref name="uri"/> made for <paramref name="version"/>; throws ContentModified
    /// (−32801) when the document is no longer at that version.</summary>
    public static WorkspaceEdit ForVersion(DocumentStore documents, ClientCapabilities client, string uri, int version, params TextEdit[] edits)
    {
        if (documents.TryGet(uri)?.Version != version)
        {
            throw ServerErrors.ContentModifiedWhileGenerating(uri);
        }

        return Create(client, uri, version, edits);
    }

    /// <summary><c>documentChanges</c> with the version when the client supports it, else <c>changes</c>.</summary>
    public static WorkspaceEdit Create(ClientCapabilities client, string uri, int version, IReadOnlyList<TextEdit> edits) =>
        client.WorkspaceEditDocumentChanges
            ? new WorkspaceEdit(DocumentChanges: [new TextDocumentEdit(new VersionedTextDocumentIdentifier(uri, version), edits)])
            : new WorkspaceEdit(Changes: new Dictionary<string, IReadOnlyList<TextEdit>> { [uri] = edits });
}
