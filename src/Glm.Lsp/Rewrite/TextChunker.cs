using System.Globalization;
using System.Text.RegularExpressions;

namespace Glm.Lsp.Rewrite;

/// <summary>One piece of a text too long for one prompt, and the original whitespace that came before it.</summary>
public sealed record TextChunk(string Separator, string Text);

/// <summary>
/// Splits a text that does not fit a prompt into chunks that do: at blank lines first, a paragraph that is still too
/// long at sentence ends (English and Chinese), a sentence still too long between words, a word between characters.
/// Consecutive pieces share a chunk while they fit, so the model sees as much context as the budget allows. Joining
/// every chunk's separator and text gives the input back exactly.
/// </summary>
public static partial class TextChunker
{
    public static IReadOnlyList<TextChunk> Split(string text, int maxTokens, Func<string, int> countTokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        if (countTokens(text) <= maxTokens)
        {
            return [new TextChunk("", text)];
        }

        var pieces = new List<TextChunk>();
        foreach (var paragraph in SplitAt(ParagraphBreak(), "", text))
        {
            AddFitting(pieces, paragraph, maxTokens, countTokens, level: 0);
        }

        return Pack(pieces, maxTokens, countTokens);
    }

    private static void AddFitting(List<TextChunk> pieces, TextChunk piece, int maxTokens, Func<string, int> countTokens, int level)
    {
        if (countTokens(piece.Text) <= maxTokens)
        {
            pieces.Add(piece);
            return;
        }

        if (level == 2)
        {
            AddByCharacters(pieces, piece, maxTokens, countTokens);
            return;
        }

        var parts = SplitAt(level == 0 ? SentenceEnd() : WordBreak(), piece.Separator, piece.Text);
        if (parts.Count == 1)
        {
            AddFitting(pieces, piece, maxTokens, countTokens, level + 1);
            return;
        }

        foreach (var part in parts)
        {
            AddFitting(pieces, part, maxTokens, countTokens, level + 1);
        }
    }

    /// <summary>The longest prefixes that fit, never splitting a character made of two UTF-16 units.</summary>
    private static void AddByCharacters(List<TextChunk> pieces, TextChunk piece, int maxTokens, Func<string, int> countTokens)
    {
        var elements = StringInfo.ParseCombiningCharacters(piece.Text);
        var separator = piece.Separator;
        var start = 0;
        while (start < elements.Length)
        {
            // Binary search for the most text elements from start that fit; at least one always goes.
            int low = start + 1, high = elements.Length;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (countTokens(Slice(piece.Text, elements, start, middle)) <= maxTokens)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            pieces.Add(new TextChunk(separator, Slice(piece.Text, elements, start, low)));
            separator = "";
            start = low;
        }
    }

    private static string Slice(string text, int[] elements, int from, int to) =>
        text[elements[from]..(to < elements.Length ? elements[to] : text.Length)];

    private static List<TextChunk> Pack(List<TextChunk> pieces, int maxTokens, Func<string, int> countTokens)
    {
        var chunks = new List<TextChunk>();
        foreach (var piece in pieces)
        {
            if (chunks.Count > 0 && chunks[^1].Text + piece.Separator + piece.Text is var joined && countTokens(joined) <= maxTokens)
            {
                chunks[^1] = chunks[^1] with { Text = joined };
            }
            else
            {
                chunks.Add(piece);
            }
        }

        return chunks;
    }

    /// <summary>Pieces between the matches of <paramref name="separator"/>, each with the whitespace before it.</summary>
    private static List<TextChunk> SplitAt(Regex separator, string firstSeparator, string text)
    {
        var parts = new List<TextChunk>();
        var before = firstSeparator;
        var start = 0;
        foreach (Match match in separator.Matches(text))
        {
            if (match.Index > start && match.Index + match.Length < text.Length)
            {
                parts.Add(new TextChunk(before, text[start..match.Index]));
                before = match.Value;
                start = match.Index + match.Length;
            }
        }

        parts.Add(new TextChunk(before, text[start..]));
        return parts;
    }

    [GeneratedRegex(@"\r?\n([ \t]*\r?\n)+[ \t]*")]
    private static partial Regex ParagraphBreak();

    /// <summary>The whitespace after a sentence end; after a Chinese full stop there may be none.</summary>
    [GeneratedRegex(@"(?<=[.!?;][""'”’)\]]*)\s+|(?<=[。！？；][”’」』）]*)(?![”’」』）])\s*")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WordBreak();
}
