namespace Glm.TestModels;

/// <summary>
/// A ChatGLM3-style SentencePiece vocabulary of any size for shaped test models, laid out as llama.cpp's converter
/// writes ChatGLM3-6B (<c>set_vocab_chatglm3</c>): <c>&lt;unk&gt; &lt;bos&gt; &lt;eos&gt;</c>, the 256 byte-fallback
/// tokens, filler pieces, the nine control tokens (at 64789–64797 when the vocabulary is as large as the real one), then
/// <c>[PAD<i>id</i>]</c> tokens up to the padded size. Fillers are the word-start marker and printable ASCII characters, then
/// pairs and triples of them; each extends a shorter filler, and earlier fillers score higher, so SentencePiece merging
/// forms any text's pieces consistently.
/// </summary>
public sealed class SyntheticSentencePieceVocabulary
{
    /// <summary>Where ChatGLM3-6B's control tokens begin: its SentencePiece model's size.</summary>
    public const int ChatGlm3FirstControlId = 64789;

    /// <summary>llama.cpp's token type for padding (UNUSED).</summary>
    public const int UnusedTokenType = 5;

    private const int FixedTokens = SentencePieceCorpusVocabulary.ByteTokensStart + 256;

    private SyntheticSentencePieceVocabulary(string[] tokens, float[] scores, int[] types, int firstControlId)
    {
        Tokens = tokens;
        Scores = scores;
        TokenTypes = types;
        FirstControlId = firstControlId;
    }

    public IReadOnlyList<string> Tokens { get; }

    public IReadOnlyList<float> Scores { get; }

    public IReadOnlyList<int> TokenTypes { get; }

    public int FirstControlId { get; }

    public static SyntheticSentencePieceVocabulary Create(int size)
    {
        var controls = GlmSpecialTokens.ChatGlm3Control;
        var alphabet = new[] { "\u2581" }.Concat(Enumerable.Range(33, 94).Select(c => ((char)c).ToString())).ToArray();
        var pairCount = alphabet.Length * alphabet.Length;
        var firstControlId = Math.Min(size - controls.Count, ChatGlm3FirstControlId);
        var fillerCount = firstControlId - FixedTokens;
        if (fillerCount < alphabet.Length || fillerCount > alphabet.Length + pairCount + (pairCount * alphabet.Length))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"A synthetic SentencePiece vocabulary holds between {FixedTokens + alphabet.Length + controls.Count} and about 880,000 tokens.");
        }

        var tokens = new string[size];
        var scores = new float[size];
        var types = new int[size];
        tokens[0] = SentencePieceCorpusVocabulary.Unknown;
        tokens[1] = SentencePieceCorpusVocabulary.BeginOfSentence;
        tokens[2] = Glm.Inference.Tokenization.GlmControlTokens.EndOfSentence;
        types[0] = SentencePieceCorpusVocabulary.UnknownTokenType;
        types[1] = types[2] = CorpusVocabulary.ControlTokenType;
        for (var b = 0; b < 256; b++)
        {
            tokens[SentencePieceCorpusVocabulary.ByteTokensStart + b] = $"<0x{b:X2}>";
            types[SentencePieceCorpusVocabulary.ByteTokensStart + b] = SentencePieceCorpusVocabulary.ByteTokenType;
        }

        // "sop" and "eop" are control tokens without brackets: no filler may spell them.
        using var fillers = Fillers(alphabet).Where(text => !controls.Contains(text)).GetEnumerator();
        for (var i = 0; i < fillerCount; i++)
        {
            var id = FixedTokens + i;
            fillers.MoveNext();
            tokens[id] = fillers.Current;
            scores[id] = -i;
            types[id] = CorpusVocabulary.NormalTokenType;
        }

        for (var c = 0; c < controls.Count; c++)
        {
            tokens[firstControlId + c] = controls[c];
            types[firstControlId + c] = CorpusVocabulary.ControlTokenType;
        }

        for (var id = firstControlId + controls.Count; id < size; id++)
        {
            tokens[id] = $"[PAD{id}]";
            types[id] = UnusedTokenType;
        }

        return new SyntheticSentencePieceVocabulary(tokens, scores, types, firstControlId);
    }

    /// <summary>Single symbols, then pairs, then triples, each extending a shorter one.</summary>
    private static IEnumerable<string> Fillers(string[] alphabet)
    {
        foreach (var a in alphabet)
        {
            yield return a;
        }

        foreach (var a in alphabet)
        {
            foreach (var b in alphabet)
            {
                yield return a + b;
            }
        }

        foreach (var a in alphabet)
        {
            foreach (var b in alphabet)
            {
                foreach (var c in alphabet)
                {
                    yield return a + b + c;
                }
            }
        }
    }
}
