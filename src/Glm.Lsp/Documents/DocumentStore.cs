using System.Collections.Concurrent;

namespace Glm.Lsp.Documents;

/// <summary>
/// The open documents. Writers are the open/change/close notifications, which the protocol layer applies one at a
/// time in arrival order; readers take the current snapshot once and keep it for the whole request.
/// </summary>
public sealed class DocumentStore
{
    private readonly ConcurrentDictionary<string, TextDocumentSnapshot> documents = new(StringComparer.Ordinal);

    public event Action<TextDocumentSnapshot>? Changed;

    /// <summary>Raised with the URI of a closed document, so per-document caches can let go of it.</summary>
    public event Action<string>? Closed;

    public void Open(string uri, string languageId, int version, string text)
    {
        var snapshot = new TextDocumentSnapshot(uri, languageId, version, text);
        documents[uri] = snapshot;
        Changed?.Invoke(snapshot);
    }

    /// <summary>Applies the changes that make <paramref name="version"/>. A change of a document that is not open is the
    /// editor's bug; it is refused loudly.</summary>
    public TextDocumentSnapshot Change(string uri, int version, IEnumerable<TextChange> changes)
    {
        if (!documents.TryGetValue(uri, out var current))
        {
            throw new InvalidInputException($"A change of a document that is not open: {uri}");
        }

        var next = current.WithChanges(version, changes);
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
