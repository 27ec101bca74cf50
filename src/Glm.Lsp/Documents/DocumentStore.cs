using System.Collections.Concurrent;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Documents;

/// <summary>
/// The open documents. Writers are the didOpen/didChange/didClose notifications, which StreamJsonRpc dispatches one at a
/// time in arrival order; readers take the current snapshot once and keep it for the whole request.
/// </summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, TextDocumentSnapshot> documents = new(StringComparer.Ordinal);

    public event Action<TextDocumentSnapshot>? Changed;

    /// <summary>Raised with the URI of a closed document, so per-document caches can let go of it.</summary>
    public event Action<string>? Closed;

    public void Open(TextDocumentItem item)
    {
        var snapshot = new TextDocumentSnapshot(item.Uri, item.LanguageId, item.Version, item.Text);
        documents[item.Uri] = snapshot;
        Changed?.Invoke(snapshot);
    }

    /// <summary>Applies a didChange. A change for a document that is not open is a client bug; it is refused loudly.</summary>
    public TextDocumentSnapshot Change(DidChangeTextDocumentParams change)
    {
        var uri = change.TextDocument.Uri;
        if (!documents.TryGetValue(uri, out var current))
        {
            throw new InvalidParamsException($"didChange for a document that is not open: {uri}");
        }

        var next = current.WithChanges(change.TextDocument.Version, change.ContentChanges);
        documents[uri] = next;
        Changed?.Invoke(next);
        return next;
    }

    public void Close(string uri)
    {
        documents.TryRemove(uri, out _);
        Closed?.Invoke(uri);
    }

    public TextDocumentSnapshot? TryGet(string uri) => documents.TryGetValue(uri, out var snapshot) ? snapshot : null;
}
