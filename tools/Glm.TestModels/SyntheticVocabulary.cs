using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// A GPT-2-style byte-level vocabulary of any size for shaped test models: the 256 byte tokens, then filler tokens made
/// by merging every pair of byte symbols and then pairs with a third symbol, then the GLM-4 special tokens. Each filler
/// token has exactly one merge, in token order, so llama.cpp tokenizes any text consistently with it. The layout of
/// CodeGeeX4 and GLM-4-0414 (<see cref="CreateGlm4Added"/>) puts the special tokens where the real files have them and
/// pads the rest with <c>[PAD<i>id</i>]</c> tokens, as llama.cpp's converter does.
/// </summary>
public sealed class SyntheticVocabulary
{
    /// <summary>Where GLM-4-9B's (and CodeGeeX4's) added tokens begin.</summary>
    public const int Glm4FirstAddedId = 151329;

    private readonly int specialCount;

    private SyntheticVocabulary(string[] tokens, string[] merges, int firstSpecialId, int specialCount)
    {
        Tokens = tokens;
        Merges = merges;
        FirstSpecialId = firstSpecialId;
        this.specialCount = specialCount;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<string> Merges { get; }

    public int FirstSpecialId { get; }

    /// <summary>The special tokens in <see cref="Tokens"/>, in id order.</summary>
    public IReadOnlyList<string> SpecialTokens => [.. Tokens.Skip(FirstSpecialId).Take(specialCount)];

    public int TokenType(int id) =>
        id < FirstSpecialId ? CorpusVocabulary.NormalTokenType
        : id < FirstSpecialId + specialCount ? CorpusVocabulary.ControlTokenType
        : SyntheticSentencePieceVocabulary.UnusedTokenType;

    /// <summary>GLM-4's ten control tokens at the very end.</summary>
    public static SyntheticVocabulary Create(int size) => Create(size, GlmSpecialTokens.All, size - GlmSpecialTokens.All.Count);

    /// <summary>CodeGeeX4-ALL-9B's and GLM-4-0414's layout: GLM-4's 14 added tokens at 151329 (earlier in a smaller
    /// vocabulary), then padding.</summary>
    public static SyntheticVocabulary CreateGlm4Added(int size) =>
        Create(size, GlmSpecialTokens.Glm4Added, Math.Min(Glm4FirstAddedId, size - GlmSpecialTokens.Glm4Added.Count));

    private static SyntheticVocabulary Create(int size, IReadOnlyList<string> specialTokens, int firstSpecialId)
    {
        var specials = specialTokens.Count;
        var fillerCount = firstSpecialId - 256;
        const int pairCount = 256 * 256;
        if (fillerCount < 0 || firstSpecialId + specials > size || fillerCount > pairCount + (pairCount * 256L))
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

        for (var s = 0; s < specials; s++)
        {
            tokens[firstSpecialId + s] = specialTokens[s];
        }

        for (var id = firstSpecialId + specials; id < size; id++)
        {
            tokens[id] = $"[PAD{id}]";
        }

        return new SyntheticVocabulary(tokens, merges, firstSpecialId, specials);
    }
}
