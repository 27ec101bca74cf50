using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// A GPT-2-style byte-level vocabulary of any size for shaped test models: the 256 byte tokens, then filler tokens made
/// by merging every pair of byte symbols and then pairs with a third symbol, then the GLM-4 special tokens. Each filler
/// token has exactly one merge, in token order, so llama.cpp tokenizes any text consistently with it.
/// </summary>
public sealed class SyntheticVocabulary
{
    private SyntheticVocabulary(string[] tokens, string[] merges, int firstSpecialId)
    {
        Tokens = tokens;
        Merges = merges;
        FirstSpecialId = firstSpecialId;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<string> Merges { get; }

    public int FirstSpecialId { get; }

    public int TokenType(int id) => id >= FirstSpecialId ? CorpusVocabulary.ControlTokenType : CorpusVocabulary.NormalTokenType;

    public static SyntheticVocabulary Create(int size)
    {
        var specials = GlmSpecialTokens.All.Count;
        var fillerCount = size - 256 - specials;
        const int pairCount = 256 * 256;
        if (fillerCount < 0 || fillerCount > pairCount + (pairCount * 256L))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "A synthetic vocabulary holds between 266 and 16,843,018 tokens.");
        }

        var symbols = ByteLevelAlphabet.ByteTokens.ToArray();
        var tokens = new string[size];
        var merges = new string[fillerCount];
        symbols.CopyTo(tokens, 0);
        for (var i = 0; i < fillerCount; i++)
        {
            string left;
            string right;
            if (i < pairCount)
            {
                left = symbols[i / 256];
                right = symbols[i % 256];
            }
            else
            {
                // Triples extend the pair tokens in order: pair p plus symbol s.
                var index = i - pairCount;
                left = symbols[index / 256 / 256] + symbols[index / 256 % 256];
                right = symbols[index % 256];
            }

            tokens[256 + i] = left + right;
            merges[i] = left + " " + right;
        }

        var firstSpecialId = 256 + fillerCount;
        for (var s = 0; s < specials; s++)
        {
            tokens[firstSpecialId + s] = GlmSpecialTokens.All[s];
        }

        return new SyntheticVocabulary(tokens, merges, firstSpecialId);
    }
}
