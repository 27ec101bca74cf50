using System.Text;
using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// A GLM-4-style byte-level BPE vocabulary built from a corpus so that every pre-tokenizer piece of the corpus is one
/// token (except pieces asked to stay unmerged), plus the corpus as a token sequence and each token's greedy successor.
/// Layout: ids 0..255 are the byte tokens (id = byte value), then the merged tokens in creation order, then the GLM-4
/// special tokens (<see cref="GlmSpecialTokens.All"/> or the 14 of <see cref="GlmSpecialTokens.Glm4Added"/>) in order.
/// </summary>
public sealed class CorpusVocabulary : IPredictableVocabulary
{
    /// <summary>llama.cpp token types: 1 = normal, 3 = control.</summary>
    public const int NormalTokenType = 1;
    public const int ControlTokenType = 3;

    private readonly GlmPreTokenizer preTokenizer;
    private readonly Dictionary<string, int> idsByText;
    private readonly BytePairEncoder encoder;
    private readonly int[] successors;

    private CorpusVocabulary(
        string corpus, List<string> tokens, BytePairEncoder encoder, List<string> corpusPieces, IReadOnlyList<string> specialTokens)
    {
        Corpus = corpus;
        SpecialTokens = specialTokens;
        preTokenizer = new GlmPreTokenizer(specialTokens);
        Tokens = tokens;
        this.encoder = encoder;
        Merges = encoder.Merges.Select(m => m.Left + " " + m.Right).ToList();
        CorpusPieces = corpusPieces;
        FirstSpecialId = tokens.Count - specialTokens.Count;
        idsByText = [];
        for (var id = 0; id < tokens.Count; id++)
        {
            idsByText.TryAdd(tokens[id], id);
        }

        // The token sequence is computed only now, with the final merges, because later merges may still apply to
        // pieces that were left unmerged.
        CorpusTokenIds = Tokenize(corpus);
        successors = ComputeSuccessors(tokens.Count, CorpusTokenIds, SpecialId(GlmControlTokens.EndOfText));
        RepeatedTokenIds = CorpusTokenIds.Where(id => !IsEndOfGeneration(id)).GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToArray();
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

    /// <summary>The control tokens after the merged tokens, in id order.</summary>
    public IReadOnlyList<string> SpecialTokens { get; }

    public int Count => Tokens.Count;

    public int IdOf(string tokenText) => idsByText[tokenText];

    /// <summary>The id of a special token such as <see cref="GlmControlTokens.User"/>.</summary>
    public int SpecialId(string special)
    {
        for (var i = 0; i < SpecialTokens.Count; i++)
        {
            if (SpecialTokens[i] == special)
            {
                return FirstSpecialId + i;
            }
        }

        throw new ArgumentException($"'{special}' is not a special token of this vocabulary.", nameof(special));
    }

    public int TokenType(int id) => id >= FirstSpecialId ? ControlTokenType : NormalTokenType;

    /// <summary>The token the predictable model emits after <paramref name="id"/>: the one that follows the first
    /// occurrence of <paramref name="id"/> in the corpus, or <c>&lt;|endoftext|&gt;</c> if none does.</summary>
    public int SuccessorOf(int id) => successors[id];

    /// <summary>Builds the vocabulary. Pieces listed in <paramref name="unmergedPieces"/> get no merges of their own
    /// (they come out as byte tokens unless other pieces' merges happen to apply to them). <paramref name="specialTokens"/>
    /// are the control tokens after the merged ones (default: the ten of <see cref="GlmSpecialTokens.All"/>).</summary>
    public static CorpusVocabulary Build(
        string corpus, IEnumerable<string>? unmergedPieces = null, IReadOnlyList<string>? specialTokens = null)
    {
        specialTokens ??= GlmSpecialTokens.All;
        var unmerged = new HashSet<string>(unmergedPieces ?? [], StringComparer.Ordinal);
        var pieces = PreTokenize(new GlmPreTokenizer(specialTokens), corpus);

        var encoder = new BytePairEncoder();
        var tokens = ByteLevelAlphabet.ByteTokens.ToList();
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

        tokens.AddRange(specialTokens);
        return new CorpusVocabulary(corpus, tokens, encoder, pieces.Select(p => p.Text).ToList(), specialTokens);
    }

    /// <summary>Token ids of <paramref name="text"/> as llama.cpp's tokenizer gives them for this vocabulary (special
    /// tokens parsed, no BOS).</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        var ids = new List<int>();
        foreach (var (piece, isSpecial) in PreTokenize(preTokenizer, text))
        {
            if (isSpecial)
            {
                ids.Add(SpecialId(piece));
            }
            else
            {
                ids.AddRange(encoder.Encode(piece).Select(symbol => idsByText[symbol]));
            }
        }

        return ids;
    }

    /// <summary>
    /// What greedy decoding of the predictable model produces after <paramref name="prompt"/>: the successor chain of
    /// the prompt's last token, up to an end-of-generation token (<c>&lt;|endoftext|&gt;</c> or <c>&lt;|user|&gt;</c>) or
    /// <paramref name="maxTokens"/>. Lets tests state expected outputs for any prompt without running the model.
    /// </summary>
    IReadOnlyList<int> IPredictableVocabulary.Tokenize(string text) => Tokenize(text);

    public PredictedContinuation PredictGreedy(string prompt, int maxTokens = 256)
    {
        var promptIds = Tokenize(prompt);
        if (promptIds.Count == 0)
        {
            throw new ArgumentException("The prompt has no tokens.", nameof(prompt));
        }

        var ids = new List<int>();
        var bytes = new List<byte>();
        var last = promptIds[^1];
        while (ids.Count < maxTokens)
        {
            last = SuccessorOf(last);
            ids.Add(last);
            if (IsEndOfGeneration(last))
            {
                return new PredictedContinuation(ids, Encoding.UTF8.GetString([.. bytes]), StoppedAtEnd: true);
            }

            // Control tokens render as nothing, as llama.cpp renders them when special tokens are not shown.
            if (TokenType(last) == NormalTokenType)
            {
                ByteLevelAlphabet.TryDecode(Tokens[last], bytes);
            }
        }

        return new PredictedContinuation(ids, Encoding.UTF8.GetString([.. bytes]), StoppedAtEnd: false);
    }

    /// <summary>True for the tokens that end generation: end-of-text and the end-of-turn <c>&lt;|user|&gt;</c> (llama.cpp),
    /// and <c>&lt;|observation|&gt;</c> (the engine).</summary>
    public bool IsEndOfGeneration(int id) =>
        id == SpecialId(GlmControlTokens.EndOfText) || id == SpecialId(GlmControlTokens.User) || id == SpecialId(GlmControlTokens.Observation);

    /// <summary>The pre-tokenizer pieces of <paramref name="text"/>: special tokens whole, ordinary text in llama3 pieces.</summary>
    private static List<(string Text, bool IsSpecial)> PreTokenize(GlmPreTokenizer preTokenizer, string text)
    {
        var pieces = new List<(string Text, bool IsSpecial)>();
        foreach (var segment in preTokenizer.PartitionSpecialTokens(text))
        {
            if (segment.IsSpecial)
            {
                pieces.Add((segment.Text, true));
            }
            else
            {
                pieces.AddRange(GlmPreTokenizer.SplitOrdinaryTextToStrings(segment.Text).Select(piece => (piece, false)));
            }
        }

        return pieces;
    }

    private static int[] ComputeSuccessors(int vocabularySize, IReadOnlyList<int> sequence, int endOfText)
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
