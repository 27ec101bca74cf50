using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace Glm.Inference.Tokenization;

/// <summary>
/// The pre-tokenizer llama.cpp applies for GLM vocabularies (tokenizer.ggml.pre "chatglm-bpe" or "glm4",
/// LLAMA_VOCAB_PRE_TYPE_CHATGLM4). It first cuts special tokens out whole, longest first (llama.cpp's
/// tokenizer_st_partition), then splits the rest with the llama3 pattern <see cref="Pattern"/>.
/// The pattern is implemented on Unicode code points, as llama.cpp's hand-written llama3 splitter
/// does, rather than with .NET's Regex: Regex sees UTF-16 units, so a letter outside the BMP (e.g.
/// CJK Extension B) would not count as \p{L} and "😀abc" would split differently than in llama.cpp.
/// </summary>
public sealed class GlmPreTokenizer : PreTokenizer
{
    /// <summary>The pre-tokenizer names that select this behaviour in llama.cpp.</summary>
    public static readonly IReadOnlyList<string> Names = ["chatglm-bpe", "glm4"];

    /// <summary>The llama3 pattern llama-vocab.cpp lists for LLAMA_VOCAB_PRE_TYPE_CHATGLM4 (for reference).</summary>
    public const string Pattern =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private readonly string[] _specialTokensLongestFirst;

    /// <summary>Creates the pre-tokenizer; <paramref name="specialTokens"/> are matched whole before splitting.</summary>
    public GlmPreTokenizer(IEnumerable<string>? specialTokens)
    {
        _specialTokensLongestFirst = (specialTokens ?? [])
            .Where(token => token.Length > 0)
            .OrderByDescending(token => token.Length)
            .ThenBy(token => token, StringComparer.Ordinal)
            .ToArray();
    }

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) =>
        string.IsNullOrEmpty(text) ? [] : Split(text);

    /// <inheritdoc />
    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) =>
        text.IsEmpty ? [] : Split(text.ToString());

    /// <summary>Splits text without special tokens into llama3 pieces, as (UTF-16 offset, length).</summary>
    public static List<(int Offset, int Length)> SplitOrdinaryText(string text, int start = 0, int length = -1)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (length < 0)
        {
            length = text.Length - start;
        }

        var points = CodePoints.Decode(text, start, length);
        var pieces = new List<(int, int)>();
        var count = points.Count;
        var pos = 0;
        var pieceStart = 0;

        void Add(int end)
        {
            if (end > pieceStart)
            {
                var offset = points.Offset(pieceStart);
                pieces.Add((offset, points.Offset(end) - offset));
            }

            pieceStart = end;
        }

        while (pos < count)
        {
            var cpt = points.Value(pos);
            var flags = points.Flags(pos);

            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if (cpt == '\'' && pos + 1 < count)
            {
                var c1 = ToLower(points.Value(pos + 1));
                if (c1 is 's' or 't' or 'm' or 'd')
                {
                    pos += 2;
                    Add(pos);
                    continue;
                }

                if (pos + 2 < count)
                {
                    var c2 = ToLower(points.Value(pos + 2));
                    if ((c1 == 'r' && c2 == 'e') || (c1 == 'v' && c2 == 'e') || (c1 == 'l' && c2 == 'l'))
                    {
                        pos += 3;
                        Add(pos);
                        continue;
                    }
                }
            }

            // [^\r\n\p{L}\p{N}]?\p{L}+
            if (!(cpt == '\r' || cpt == '\n' || flags.HasFlag(CharFlags.Number)))
            {
                if (flags.HasFlag(CharFlags.Letter) || points.Flags(pos + 1).HasFlag(CharFlags.Letter))
                {
                    pos++;
                    while (points.Flags(pos).HasFlag(CharFlags.Letter))
                    {
                        pos++;
                    }

                    Add(pos);
                    continue;
                }
            }

            // \p{N}{1,3}
            if (flags.HasFlag(CharFlags.Number))
            {
                var digits = 0;
                while (points.Flags(pos).HasFlag(CharFlags.Number) && digits < 3)
                {
                    pos++;
                    digits++;
                }

                Add(pos);
                continue;
            }

            // " ?[^\s\p{L}\p{N}]+[\r\n]*"
            var flags2 = cpt == ' ' ? points.Flags(pos + 1) : flags;
            if (IsOther(flags2))
            {
                pos += cpt == ' ' ? 1 : 0;
                while (IsOther(flags2))
                {
                    flags2 = points.Flags(++pos);
                }

                while (points.Value(pos) is '\r' or '\n')
                {
                    pos++;
                }

                Add(pos);
                continue;
            }

            var whitespaces = 0;
            var lastLineBreakEnd = 0;
            while (points.Flags(pos + whitespaces).HasFlag(CharFlags.Whitespace))
            {
                if (points.Value(pos + whitespaces) is '\r' or '\n')
                {
                    lastLineBreakEnd = pos + whitespaces + 1;
                }

                whitespaces++;
            }

            // \s*[\r\n]+
            if (lastLineBreakEnd > 0)
            {
                pos = lastLineBreakEnd;
                Add(pos);
                continue;
            }

            // \s+(?!\S): leave the last space to prefix the next word.
            if (whitespaces > 1 && pos + whitespaces < count)
            {
                pos += whitespaces - 1;
                Add(pos);
                continue;
            }

            // \s+
            if (whitespaces > 0)
            {
                pos += whitespaces;
                Add(pos);
                continue;
            }

            // Nothing matched: the code point is a piece of its own.
            Add(++pos);
        }

        return pieces;
    }

    /// <summary>Splits text without special tokens into llama3 pieces; their concatenation is the text.</summary>
    public static IReadOnlyList<string> SplitOrdinaryTextToStrings(string text) =>
        SplitOrdinaryText(text).Select(piece => text.Substring(piece.Offset, piece.Length)).ToList();

    /// <summary>
    /// Cuts <paramref name="text"/> at the special tokens written in it, as llama.cpp does before pre-tokenizing:
    /// each special token becomes a segment of its own and the ordinary text between them is another.
    /// </summary>
    public IReadOnlyList<TextSegment> PartitionSpecialTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0
            ? []
            : PartitionSpecialTokenRanges(text).Select(f => new TextSegment(text.Substring(f.Offset, f.Length), f.IsSpecial)).ToList();
    }

    private static bool IsOther(CharFlags flags) =>
        flags != CharFlags.None && (flags & (CharFlags.Whitespace | CharFlags.Letter | CharFlags.Number)) == 0;

    private static int ToLower(int cpt) =>
        Rune.IsValid(cpt) ? Rune.ToLowerInvariant(new Rune(cpt)).Value : cpt;

    private List<(int Offset, int Length)> Split(string text)
    {
        var pieces = new List<(int, int)>();
        foreach (var (offset, length, isSpecial) in PartitionSpecialTokenRanges(text))
        {
            if (isSpecial)
            {
                pieces.Add((offset, length));
            }
            else
            {
                pieces.AddRange(SplitOrdinaryText(text, offset, length));
            }
        }

        return pieces;
    }

    // llama.cpp takes the special tokens longest first and cuts every occurrence out of the fragments
    // that are still raw text; later (shorter) tokens only see what is left between earlier matches.
    private List<(int Offset, int Length, bool IsSpecial)> PartitionSpecialTokenRanges(string text)
    {
        var fragments = new List<(int Offset, int Length, bool IsSpecial)> { (0, text.Length, false) };
        foreach (var token in _specialTokensLongestFirst)
        {
            for (var i = 0; i < fragments.Count; i++)
            {
                var (offset, length, isSpecial) = fragments[i];
                if (isSpecial)
                {
                    continue;
                }

                var found = text.IndexOf(token, offset, length, StringComparison.Ordinal);
                if (found < 0)
                {
                    continue;
                }

                var replacement = new List<(int, int, bool)>();
                if (found > offset)
                {
                    replacement.Add((offset, found - offset, false));
                }

                replacement.Add((found, token.Length, true));
                var rest = offset + length - (found + token.Length);
                if (rest > 0)
                {
                    replacement.Add((found + token.Length, rest, false));
                }

                fragments.RemoveAt(i);
                fragments.InsertRange(i, replacement);
                // Continue with the fragment after the match (the loop's i++ skips the special itself).
                i += replacement.Count - (rest > 0 ? 2 : 1);
            }
        }

        return fragments;
    }

    [Flags]
    private enum CharFlags
    {
        None = 0,
        Letter = 1,
        Number = 2,
        Whitespace = 4,
        Assigned = 8,
    }

    /// <summary>Code points of a text range with their UTF-16 offsets and llama.cpp-style category flags.</summary>
    private readonly struct CodePoints
    {
        private readonly List<int> _values;
        private readonly List<int> _offsets;
        private readonly List<CharFlags> _flags;

        private CodePoints(List<int> values, List<int> offsets, List<CharFlags> flags)
        {
            _values = values;
            _offsets = offsets;
            _flags = flags;
        }

        public int Count => _values.Count;

        public static CodePoints Decode(string text, int start, int length)
        {
            var values = new List<int>(length);
            var offsets = new List<int>(length + 1);
            var flags = new List<CharFlags>(length);
            var index = start;
            var end = start + length;
            while (index < end)
            {
                offsets.Add(index);
                if (Rune.TryGetRuneAt(text, index, out var rune) && index + rune.Utf16SequenceLength <= end)
                {
                    values.Add(rune.Value);
                    flags.Add(FlagsOf(rune));
                    index += rune.Utf16SequenceLength;
                }
                else
                {
                    // A lone surrogate has no code point; llama.cpp would see U+FFFD, a symbol.
                    values.Add(0xFFFD);
                    flags.Add(CharFlags.Assigned);
                    index++;
                }
            }

            offsets.Add(end);
            return new CodePoints(values, offsets, flags);
        }

        public int Value(int pos) => pos < _values.Count ? _values[pos] : -1;

        // Past the end the flags are empty, which ends every "one or more" loop above (llama.cpp's OUT_OF_RANGE).
        public CharFlags Flags(int pos) => pos < _flags.Count ? _flags[pos] : CharFlags.None;

        public int Offset(int pos) => _offsets[pos];

        private static CharFlags FlagsOf(Rune rune)
        {
            var flags = CharFlags.Assigned;
            if (Rune.IsWhiteSpace(rune))
            {
                flags |= CharFlags.Whitespace;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                    flags |= CharFlags.Letter;
                    break;
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                    flags |= CharFlags.Number;
                    break;
            }

            return flags;
        }
    }
}
