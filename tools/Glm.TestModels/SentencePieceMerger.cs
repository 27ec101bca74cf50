namespace Glm.TestModels;

/// <summary>
/// llama.cpp's SentencePiece tokenizer (llm_tokenizer_spm_session in llama-vocab.cpp) for one raw-text fragment whose
/// spaces are already escaped as ▁: start from the UTF-8 characters, repeatedly merge the adjacent pair whose
/// concatenation is a token with the highest score (leftmost on ties, any token type, control tokens included), then
/// emit each symbol as its token, or as byte tokens when it is none. It exists to build vocabularies whose tokenization
/// is known in advance.
/// </summary>
public sealed class SentencePieceMerger
{
    private readonly Dictionary<string, (int Id, float Score)> tokens = new(StringComparer.Ordinal);

    public void Add(string text, int id, float score) => tokens.TryAdd(text, (id, score));

    public bool Contains(string text) => tokens.ContainsKey(text);

    public int IdOf(string text) => tokens[text].Id;

    /// <summary>The symbols the fragment ends up as, before unknown symbols fall back to bytes.</summary>
    public List<string> Merge(string escaped)
    {
        var symbols = new List<string>();
        for (var i = 0; i < escaped.Length;)
        {
            // Code points, as llama.cpp splits by UTF-8 lead bytes: a surrogate pair is one, a combining mark its own.
            var length = char.IsSurrogatePair(escaped, i) ? 2 : 1;
            symbols.Add(escaped.Substring(i, length));
            i += length;
        }

        while (symbols.Count > 1)
        {
            var best = -1;
            var bestScore = float.NegativeInfinity;
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                if (tokens.TryGetValue(symbols[i] + symbols[i + 1], out var token) && token.Score > bestScore)
                {
                    best = i;
                    bestScore = token.Score;
                }
            }

            if (best < 0)
            {
                break;
            }

            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }

        return symbols;
    }
}
