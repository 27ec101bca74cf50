namespace Glm.Inference.Tokenization;

/// <summary>
/// Where text written by hand (a raw prompt, a test corpus) means control tokens: only in their bracketed form
/// (<c>[gMASK]</c>, <c>&lt;sop&gt;</c>, <c>&lt;|user|&gt;</c>), and a control token that is a plain word (ChatGLM3's
/// <c>sop</c>) only right after <c>[gMASK]</c>, where GLM prompts put it. llama.cpp's own special parsing matches every
/// control token anywhere, so on ChatGLM3 "people" would hold an <c>eop</c> and "Aesop" a <c>sop</c>.
/// </summary>
public static class ScaffoldTokens
{
    public const string GMask = GlmControlTokens.GMask;

    /// <summary>True when the token cannot be part of a word: it starts with a bracket or another non-letter.</summary>
    public static bool IsBracketed(string token) => token.Length > 0 && !char.IsLetterOrDigit(token[0]);

    /// <summary>Cuts <paramref name="text"/> into control tokens (by the rule above) and the text between them.</summary>
    public static IReadOnlyList<TextSegment> Partition(string text, IEnumerable<string> controlTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        var all = controlTokens.ToArray();
        var words = all.Where(t => t.Length > 0 && !IsBracketed(t)).OrderByDescending(t => t.Length).ToArray();
        var segments = new List<TextSegment>();
        foreach (var segment in new GlmPreTokenizer(all.Where(IsBracketed)).PartitionSpecialTokens(text))
        {
            var afterGMask = segments.Count > 0 && segments[^1] is { IsSpecial: true, Text: GMask };
            var word = afterGMask && !segment.IsSpecial ? words.FirstOrDefault(w => segment.Text.StartsWith(w, StringComparison.Ordinal)) : null;
            if (word is null)
            {
                segments.Add(segment);
                continue;
            }

            segments.Add(new TextSegment(word, IsSpecial: true));
            if (segment.Text.Length > word.Length)
            {
                segments.Add(new TextSegment(segment.Text[word.Length..], IsSpecial: false));
            }
        }

        return segments;
    }
}
