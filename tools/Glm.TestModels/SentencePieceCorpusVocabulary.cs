using System.Text;
using Glm.Inference.Tokenization;

namespace Glm.TestModels;

/// <summary>
/// A ChatGLM3-style SentencePiece vocabulary built from a corpus so that every piece of the corpus is one token, as
/// llama.cpp's converter lays ChatGLM3-6B out (<c>set_vocab_chatglm3</c>): ids 0–2 <c>&lt;unk&gt;</c> (unknown),
/// <c>&lt;bos&gt;</c>, <c>&lt;eos&gt;</c> (control), ids 3–258 the byte-fallback tokens <c>&lt;0x00&gt;</c>…<c>&lt;0xFF&gt;</c>,
/// then the normal tokens in creation order, then the nine control tokens of <see cref="GlmSpecialTokens.ChatGlm3Control"/>
/// with score 0, as the converter writes them.
/// <para>
/// llama.cpp merges the adjacent pair with the highest score first (<see cref="SentencePieceMerger"/>), so each new token
/// gets a score below every existing one: it can never fire inside an earlier piece before that piece is whole, the way
/// <see cref="CorpusVocabulary"/> ranks new BPE merges last. Pieces are llama.cpp's raw fragments (text between control
/// tokens, with the space prefix SentencePiece adds to each) cut where the GLM pre-tokenizer cuts, spaces as ▁.
/// Control tokens in the corpus are read as <see cref="ScaffoldTokens"/> reads them, so "people" stays a word.
/// </para>
/// </summary>
public sealed class SentencePieceCorpusVocabulary : IPredictableVocabulary
{
    public const int UnknownTokenType = 2;
    public const int ByteTokenType = 6;
    public const int ByteTokensStart = 3;
    public const string Unknown = GlmControlTokens.Unknown;
    public const string BeginOfSentence = GlmControlTokens.BeginOfSentence;

    private readonly SentencePieceMerger merger;
    private readonly int[] successors;
    private readonly int firstNormalId;

    private SentencePieceCorpusVocabulary(
        string corpus, List<string> tokens, List<float> scores, SentencePieceMerger merger, List<string> pieces, int firstSpecialId)
    {
        Corpus = corpus;
        Tokens = tokens;
        Scores = scores;
        this.merger = merger;
        CorpusPieces = pieces;
        FirstSpecialId = firstSpecialId;
        firstNormalId = ByteTokensStart + 256;
        CorpusTokenIds = Tokenize(corpus);
        successors = Enumerable.Repeat(SpecialId(GlmControlTokens.EndOfSentence), tokens.Count).ToArray();
        var seen = new HashSet<int>();
        for (var i = 0; i + 1 < CorpusTokenIds.Count; i++)
        {
            if (seen.Add(CorpusTokenIds[i]))
            {
                successors[CorpusTokenIds[i]] = CorpusTokenIds[i + 1];
            }
        }

        RepeatedTokenIds = CorpusTokenIds.Where(id => !IsEndOfGeneration(id)).GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Order().ToArray();
    }

    public string Corpus { get; }

    public IReadOnlyList<string> Tokens { get; }

    /// <summary><c>tokenizer.ggml.scores</c>: 0 for the first three, the bytes and the control tokens, descending below 0
    /// for the normal tokens in creation order.</summary>
    public IReadOnlyList<float> Scores { get; }

    public IReadOnlyList<int> CorpusTokenIds { get; }

    public IReadOnlyList<string> CorpusPieces { get; }

    public IReadOnlyList<int> RepeatedTokenIds { get; }

    public IReadOnlyList<string> SpecialTokens => GlmSpecialTokens.ChatGlm3Control;

    /// <summary>Every token llama.cpp parses as special text: the first three and the nine control tokens.</summary>
    public IReadOnlyList<string> ParsedSpecialTokens => [Unknown, BeginOfSentence, GlmControlTokens.EndOfSentence, .. SpecialTokens];

    public int FirstSpecialId { get; }

    public int Count => Tokens.Count;

    public int SpecialId(string special)
    {
        switch (special)
        {
            case Unknown:
                return 0;
            case BeginOfSentence:
                return 1;
            case GlmControlTokens.EndOfSentence:
                return 2;
        }

        for (var i = 0; i < SpecialTokens.Count; i++)
        {
            if (SpecialTokens[i] == special)
            {
                return FirstSpecialId + i;
            }
        }

        throw new ArgumentException($"'{special}' is not a ChatGLM3 special token.", nameof(special));
    }

    public int TokenType(int id) => id switch
    {
        0 => UnknownTokenType,
        1 or 2 => CorpusVocabulary.ControlTokenType,
        < ByteTokensStart + 256 => ByteTokenType,
        _ when id >= FirstSpecialId => CorpusVocabulary.ControlTokenType,
        _ => CorpusVocabulary.NormalTokenType,
    };

    public int SuccessorOf(int id) => successors[id];

    public bool IsEndOfGeneration(int id) =>
        id == SpecialId(GlmControlTokens.EndOfSentence) || id == SpecialId(GlmControlTokens.User) || id == SpecialId(GlmControlTokens.Observation);

    /// <summary>Builds the vocabulary; pieces in <paramref name="unmergedPieces"/> (unescaped, with their leading space)
    /// get no tokens of their own and come out as characters or bytes.</summary>
    public static SentencePieceCorpusVocabulary Build(string corpus, IEnumerable<string>? unmergedPieces = null)
    {
        var unmerged = new HashSet<string>((unmergedPieces ?? []).Select(Escape), StringComparer.Ordinal);
        var tokens = new List<string> { Unknown, BeginOfSentence, GlmControlTokens.EndOfSentence };
        var scores = new List<float> { 0, 0, 0 };
        var merger = new SentencePieceMerger();
        for (var b = 0; b < 256; b++)
        {
            tokens.Add($"<0x{b:X2}>");
            scores.Add(0);
        }

        var controls = GlmSpecialTokens.ChatGlm3Control;
        var pieces = Pieces(corpus);
        foreach (var (piece, isSpecial) in pieces)
        {
            if (isSpecial || unmerged.Contains(piece))
            {
                continue;
            }

            void AddToken(string text)
            {
                if (controls.Contains(text))
                {
                    throw new ArgumentException($"The corpus piece '{piece}' needs the token '{text}', which is a ChatGLM3 control token.", nameof(corpus));
                }

                var score = -(tokens.Count + 1f);
                merger.Add(text, tokens.Count, score);
                tokens.Add(text);
                scores.Add(score);
            }

            for (var symbols = merger.Merge(piece); symbols.Count > 1; symbols = merger.Merge(piece))
            {
                AddToken(symbols[0] + symbols[1]);
            }

            if (!merger.Contains(piece))
            {
                AddToken(piece);
            }
        }

        var firstSpecialId = tokens.Count;
        foreach (var control in controls)
        {
            // Score 0, as the converter writes the tokens past SentencePiece's own vocabulary: above every normal token,
            // so llama.cpp's merging takes a control token first whenever its parts stand side by side.
            merger.Add(control, tokens.Count, 0);
            tokens.Add(control);
            scores.Add(0);
        }

        return new SentencePieceCorpusVocabulary(corpus, tokens, scores, merger, pieces.Select(p => p.Text).ToList(), firstSpecialId);
    }

    /// <summary>Tokenizes as the engine gives ChatGLM3 a prompt: control tokens where <see cref="ScaffoldTokens"/> finds
    /// them, every other fragment as llama.cpp's SentencePiece tokenizer does with its space prefix.</summary>
    public IReadOnlyList<int> Tokenize(string text)
    {
        var ids = new List<int>();
        foreach (var segment in ScaffoldTokens.Partition(text, ParsedSpecialTokens))
        {
            if (segment.IsSpecial)
            {
                ids.Add(SpecialId(segment.Text));
                continue;
            }

            foreach (var symbol in merger.Merge(Escape(" " + segment.Text)))
            {
                if (merger.Contains(symbol))
                {
                    ids.Add(merger.IdOf(symbol));
                }
                else
                {
                    ids.AddRange(Encoding.UTF8.GetBytes(Unescape(symbol)).Select(b => ByteTokensStart + b));
                }
            }
        }

        return ids;
    }

    public PredictedContinuation PredictGreedy(string prompt, int maxTokens = 256)
    {
        var promptIds = Tokenize(prompt);
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

            if (TokenType(last) == ByteTokenType)
            {
                bytes.Add((byte)(last - ByteTokensStart));
            }
            else if (last >= firstNormalId && last < FirstSpecialId)
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(Unescape(Tokens[last])));
            }
        }

        return new PredictedContinuation(ids, Encoding.UTF8.GetString([.. bytes]), StoppedAtEnd: false);
    }

    public static string Escape(string text) => text.Replace(' ', '▁');

    public static string Unescape(string text) => text.Replace('▁', ' ');

    /// <summary>Control tokens whole, and each raw fragment (with its space prefix) in GLM pre-tokenizer pieces, escaped.</summary>
    private static List<(string Text, bool IsSpecial)> Pieces(string corpus)
    {
        var all = new List<string> { Unknown, BeginOfSentence, GlmControlTokens.EndOfSentence };
        all.AddRange(GlmSpecialTokens.ChatGlm3Control);
        var pieces = new List<(string Text, bool IsSpecial)>();
        foreach (var segment in ScaffoldTokens.Partition(corpus, all))
        {
            if (segment.IsSpecial)
            {
                pieces.Add((segment.Text, true));
            }
            else
            {
                pieces.AddRange(GlmPreTokenizer.SplitOrdinaryTextToStrings(" " + segment.Text).Select(p => (Escape(p), false)));
            }
        }

        return pieces;
    }
}
