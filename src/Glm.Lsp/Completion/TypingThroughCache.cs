using System.Collections.Concurrent;

namespace Glm.Lsp.Completion;

/// <summary>
/// Remembers the last suggestion per document. While the user types exactly what was suggested, the rest of the
/// suggestion is served again without generating: the text before the cursor grew by a prefix of the suggestion and
/// the text after the cursor is unchanged.
/// </summary>
public sealed class TypingThroughCache
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public void Remember(string uri, string textBefore, string textAfter, string suggestion)
    {
        if (suggestion.Length > 0)
        {
            entries[uri] = new Entry(textBefore, textAfter, suggestion);
        }
    }

    /// <summary>The untyped rest of the remembered suggestion, or null when the user typed something else.</summary>
    public string? Remainder(string uri, string textBefore, string textAfter)
    {
        if (!entries.TryGetValue(uri, out var entry)
            || textBefore.Length <= entry.TextBefore.Length
            || textBefore.Length >= entry.TextBefore.Length + entry.Suggestion.Length
            || !string.Equals(textAfter, entry.TextAfter, StringComparison.Ordinal)
            || !textBefore.StartsWith(entry.TextBefore, StringComparison.Ordinal))
        {
            return null;
        }

        var typed = textBefore.AsSpan(entry.TextBefore.Length);
        return entry.Suggestion.AsSpan().StartsWith(typed, StringComparison.Ordinal) ? entry.Suggestion[typed.Length..] : null;
    }

    public void Forget(string uri) => entries.TryRemove(uri, out _);

    private sealed record Entry(string TextBefore, string TextAfter, string Suggestion);
}
