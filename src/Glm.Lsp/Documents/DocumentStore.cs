using System.Collections.Concurrent;

namespace Glm.Lsp.Documents;

/// <summary>
/// The open documents. Writers are the open/change/close notifications, which the protocol layer applies one at a
/// time in arrival order; readers take the current snapshot once and keep it for the whole request.
/// </summary>
public sealed class DocumentStore
{
    private static readonly System.Buffers.SearchValues<char> SchemeCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");

    private readonly ConcurrentDictionary<string, TextDocumentSnapshot> documents = new(StringComparer.Ordinal);

    public event Action<TextDocumentSnapshot>? Changed;

    /// <summary>Raised with the URI of a closed document, so per-document caches can let go of it.</summary>
    public event Action<string>? Closed;

    /// <summary>Opens (or reopens) a document. A URI without a scheme (RFC 3986: <c>file:</c>, <c>untitled:</c>, …) is
    /// refused: no editor sends one, and a client that does would otherwise fill the store with documents it can never
    /// name again.</summary>
    public void Open(string uri, string languageId, int version, string text)
    {
        if (!HasScheme(uri))
        {
            throw new InvalidInputException($"A document can only be opened with an absolute URI such as file:///notes.md; got \"{Shorten(uri)}\".");
        }

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

    private static bool HasScheme(string uri)
    {
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && char.IsAsciiLetter(uri[0]) && uri.AsSpan(1, colon - 1).IndexOfAnyExcept(SchemeCharacters) < 0;
    }

    private static string Shorten(string uri) => uri.Length <= 80 ? uri : string.Concat(uri.AsSpan(0, 80), "…");

    public TextDocumentSnapshot? TryGet(string uri) => documents.TryGetValue(uri, out var snapshot) ? snapshot : null;
}
