namespace Glm.Inference.TestModels;

/// <summary>
/// A GLM-4-style byte-level BPE vocabulary built from a corpus so that every pre-tokenizer piece of the corpus is one
/// token (except pieces asked to stay unmerged), plus the corpus as a token sequence and each token's greedy successor.
/// Layout: ids 0..255 are the byte tokens (id = byte value), then the merged tokens in creation order, then the ten
/// GLM-4 special tokens in <see cref="GlmSpecialTokens.All"/> order.
/// </summary>
public sealed class CorpusVocabulary
{
    /// <summary>llama.cpp token types: 1 = normal, 3 = control.</summary>
    public const int NormalTokenType = 1;
    public const int ControlTokenType = 3;

    private readonly Dictionary<string, int> idsByText;
    private readonly int[] successors;

    private CorpusVocabulary(
        string corpus,
        List<string> tokens,
        List<string> merges,
        List<int> corpusTokenIds,
        List<string> corpusPieces)
    {
        Corpus = corpus;
        Tokens = tokens;
        Merges = merges;
        CorpusTokenIds = corpusTokenIds;
        CorpusPieces = corpusPieces;
        FirstSpecialId = tokens.Count - GlmSpecialTokens.All.Count;
        idsByText = [];
        for (var id = 0; id < tokens.Count; id++)
        {
            idsByText.TryAdd(tokens[id], id);
        }

        successors = ComputeSuccessors(tokens.Count, corpusTokenIds, IdOf(GlmSpecialTokens.EndOfText));
        RepeatedTokenIds = corpusTokenIds.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToArray();
    }

    public string Corpus { get; }

    /// <summary>Token texts by id: byte-level form for ordinary tokens, the literal text for special tokens.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Merges in rank order, each "left right" in byte-level form, as <c>tokenizer.ggml.merges</c> stores them.</summary>
    public IReadOnlyList<string> Merges { get; }

    /// <summary>The corpus as llama.cpp tokenizes it (special tokens parsed).</summary>
    public IReadOnlyList<int> CorpusTokenIds { get; }

    /// <summary>The corpus cut into special tokens and pre-tokenizer pieces, in order; their concatenation is the corpus.</summary>
    public IReadOnlyList<string> CorpusPieces { get; }

    /// <summary>Token ids that occur more than once in <see cref="CorpusTokenIds"/>: their successor follows the first occurrence only.</summary>
    public IReadOnlyList<int> RepeatedTokenIds { get; }

    public int FirstSpecialId { get; }

    public int Count => Tokens.Count;

    public int IdOf(string tokenText) => idsByText[tokenText];

    /// <summary>The id of a special token such as <see cref="GlmSpecialTokens.User"/>.</summary>
    public int SpecialId(string special) => FirstSpecialId + IndexOfSpecial(special);

    public int TokenType(int id) => id >= FirstSpecialId ? ControlTokenType : NormalTokenType;

    /// <summary>The token the predictable model emits after <paramref name="id"/>: the one that follows the first
    /// occurrence of <paramref name="id"/> in the corpus, or <c>&lt;|endoftext|&gt;</c> if none does.</summary>
    public int SuccessorOf(int id) => successors[id];

    /// <summary>Builds the vocabulary. Pieces listed in <paramref name="unmergedPieces"/> get no merges of their own
    /// (they come out as byte tokens unless other pieces' merges happen to apply to them).</summary>
    public static CorpusVocabulary Build(string corpus, IEnumerable<string>? unmergedPieces = null)
    {
        var unmerged = new HashSet<string>(unmergedPieces ?? [], StringComparer.Ordinal);
        var segments = SpecialTokenSplitter.Split(corpus, GlmSpecialTokens.All.ToArray());
        var pieces = new List<(string Text, bool IsSpecial)>();
        foreach (var segment in segments)
        {
            if (segment.IsSpecial)
            {
                pieces.Add((segment.Text, true));
            }
            else
            {
                pieces.AddRange(ChatGlmPreTokenizer.Split(segment.Text).Select(p => (p, false)));
            }
        }

        var encoder = new BytePairEncoder();
        var tokens = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.Encode((byte)b)).ToList();
        var known = new HashSet<string>(tokens, StringComparer.Ordinal);
        foreach (var (text, isSpecial) in pieces)
        {
            if (isSpecial || unmerged.Contains(text))
            {
                continue;
            }

            // Each new merge gets a rank above all existing ones, so it can never fire inside an earlier piece before
            // that piece is complete: earlier pieces keep their single token (see the notes on BPE ranks).
            for (var symbols = encoder.Encode(text); symbols.Count > 1; symbols = encoder.Encode(text))
            {
                encoder.AddMerge(symbols[0], symbols[1]);
                var merged = symbols[0] + symbols[1];
                if (known.Add(merged))
                {
                    tokens.Add(merged);
                }
            }
        }

        var firstSpecialId = tokens.Count;
        tokens.AddRange(GlmSpecialTokens.All);
        var idsByText = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < tokens.Count; id++)
        {
            idsByText.TryAdd(tokens[id], id);
        }

        // The token sequence is computed only now, with the final merges, because later merges may still apply to
        // pieces that were left unmerged.
        var corpusTokenIds = new List<int>();
        foreach (var (text, isSpecial) in pieces)
        {
            if (isSpecial)
            {
                corpusTokenIds.Add(firstSpecialId + IndexOfSpecial(text));
            }
            else
            {
                corpusTokenIds.AddRange(encoder.Encode(text).Select(symbol => idsByText[symbol]));
            }
        }

        var merges = encoder.Merges.Select(m => m.Left + " " + m.Right).ToList();
        return new CorpusVocabulary(corpus, tokens, merges, corpusTokenIds, pieces.Select(p => p.Text).ToList());
    }

    private static int IndexOfSpecial(string special)
    {
        for (var i = 0; i < GlmSpecialTokens.All.Count; i++)
        {
            if (GlmSpecialTokens.All[i] == special)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{special}' is not a GLM-4 special token.", nameof(special));
    }

    private static int[] ComputeSuccessors(int vocabularySize, List<int> sequence, int endOfText)
    {
        var successors = Enumerable.Repeat(endOfText, vocabularySize).ToArray();
        var seen = new HashSet<int>();
        for (var i = 0; i < sequence.Count; i++)
        {
            if (seen.Add(sequence[i]) && i + 1 < sequence.Count)
            {
                successors[sequence[i]] = sequence[i + 1];
            }
        }

        return successors;
    }
}
