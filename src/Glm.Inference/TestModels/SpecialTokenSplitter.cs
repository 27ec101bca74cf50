namespace Glm.Inference.TestModels;

/// <summary>One stretch of text: either a special token written literally or ordinary text between them.</summary>
public readonly record struct TextSegment(string Text, bool IsSpecial);

/// <summary>
/// Cuts text at special tokens written in it, as llama.cpp does before pre-tokenizing when special tokens are parsed:
/// the special tokens become segments of their own and the text between them is pre-tokenized separately.
/// </summary>
public static class SpecialTokenSplitter
{
    public static IReadOnlyList<TextSegment> Split(string text, IReadOnlyCollection<string> specialTokens)
    {
        // Longer tokens are tried first, as llama.cpp sorts its special-token cache by length.
        var candidates = specialTokens.OrderByDescending(t => t.Length).ToArray();
        var segments = new List<TextSegment>();
        var plainStart = 0;
        var pos = 0;
        while (pos < text.Length)
        {
            var match = candidates.FirstOrDefault(t => string.CompareOrdinal(text, pos, t, 0, t.Length) == 0);
            if (match is null)
            {
                pos++;
                continue;
            }

            if (pos > plainStart)
            {
                segments.Add(new TextSegment(text[plainStart..pos], false));
            }

            segments.Add(new TextSegment(match, true));
            pos += match.Length;
            plainStart = pos;
        }

        if (text.Length > plainStart)
        {
            segments.Add(new TextSegment(text[plainStart..], false));
        }

        return segments;
    }
}
