using System.Globalization;
using System.Text;

namespace Glm.Inference.TestModels;

/// <summary>
/// The pre-tokenizer llama.cpp uses for <c>tokenizer.ggml.pre = chatglm-bpe</c>: the llama3 pattern
/// <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>,
/// reproduced from llama.cpp's hand-written splitter (unicode.cpp, unicode_regex_split_custom_llama3) rather than from
/// the regex, because the splitter is what decides token boundaries in the native code.
/// </summary>
public static class ChatGlmPreTokenizer
{
    private const int OutOfRange = -1;

    /// <summary>Splits text that contains no special tokens into pre-tokenizer pieces; their concatenation is the text.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        var cpts = ToCodePoints(text);
        var pieces = new List<string>();
        var start = 0;
        var pos = 0;

        int Cpt(int p) => p >= 0 && p < cpts.Length ? cpts[p] : OutOfRange;

        void AddPiece(int end)
        {
            if (end > start)
            {
                pieces.Add(FromCodePoints(cpts, start, end));
            }

            start = end;
        }

        while (pos < cpts.Length)
        {
            var cpt = cpts[pos];

            // (?i:'s|'t|'re|'ve|'m|'ll|'d)
            if (cpt == '\'' && pos + 1 < cpts.Length)
            {
                var next = ToLower(Cpt(pos + 1));
                if (next is 's' or 't' or 'm' or 'd')
                {
                    pos += 2;
                    AddPiece(pos);
                    continue;
                }

                if (pos + 2 < cpts.Length)
                {
                    var nextNext = ToLower(Cpt(pos + 2));
                    if ((next == 'r' && nextNext == 'e') || (next == 'v' && nextNext == 'e') || (next == 'l' && nextNext == 'l'))
                    {
                        pos += 3;
                        AddPiece(pos);
                        continue;
                    }
                }
            }

            // [^\r\n\p{L}\p{N}]?\p{L}+ : the first character is either a letter or any non-newline, non-number
            // character followed by a letter.
            if (!(cpt == '\r' || cpt == '\n' || IsNumber(cpt)) && (IsLetter(cpt) || IsLetter(Cpt(pos + 1))))
            {
                pos++;
                while (IsLetter(Cpt(pos)))
                {
                    pos++;
                }

                AddPiece(pos);
                continue;
            }

            // \p{N}{1,3}
            if (IsNumber(cpt))
            {
                var runStart = pos;
                while (IsNumber(Cpt(pos)))
                {
                    if (++pos - runStart >= 3)
                    {
                        AddPiece(pos);
                        runStart = pos;
                    }
                }

                AddPiece(pos);
                continue;
            }

            // <space>?[^\s\p{L}\p{N}]+[\r\n]*
            var probe = cpt == ' ' ? Cpt(pos + 1) : cpt;
            if (IsOther(probe))
            {
                pos += cpt == ' ' ? 1 : 0;
                while (IsOther(Cpt(pos)))
                {
                    pos++;
                }

                while (Cpt(pos) is '\r' or '\n')
                {
                    pos++;
                }

                AddPiece(pos);
                continue;
            }

            var whitespaceCount = 0;
            var lastNewlineEnd = 0;
            while (IsWhitespace(Cpt(pos + whitespaceCount)))
            {
                if (Cpt(pos + whitespaceCount) is '\r' or '\n')
                {
                    lastNewlineEnd = pos + whitespaceCount + 1;
                }

                whitespaceCount++;
            }

            // \s*[\r\n]+
            if (lastNewlineEnd > 0)
            {
                pos = lastNewlineEnd;
                AddPiece(pos);
                continue;
            }

            // \s+(?!\S) : a run of spaces before a non-space leaves its last space to the next piece.
            if (whitespaceCount > 1 && Cpt(pos + whitespaceCount) != OutOfRange)
            {
                pos += whitespaceCount - 1;
                AddPiece(pos);
                continue;
            }

            // \s+
            if (whitespaceCount > 0)
            {
                pos += whitespaceCount;
                AddPiece(pos);
                continue;
            }

            // No rule matched: the character stands alone.
            pos++;
            AddPiece(pos);
        }

        return pieces;
    }

    /// <summary>A character that is neither whitespace, letter nor number (and inside the text).</summary>
    private static bool IsOther(int cpt) => cpt != OutOfRange && !IsWhitespace(cpt) && !IsLetter(cpt) && !IsNumber(cpt);

    private static bool IsLetter(int cpt) => cpt != OutOfRange && CategoryOf(cpt) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
        or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;

    private static bool IsNumber(int cpt) => cpt != OutOfRange && CategoryOf(cpt) is
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;

    /// <summary>llama.cpp's whitespace set (unicode-data.cpp), which is the same as .NET's White_Space property.</summary>
    private static bool IsWhitespace(int cpt) => cpt != OutOfRange && Rune.IsValid(cpt) && Rune.IsWhiteSpace(new Rune(cpt));

    private static UnicodeCategory CategoryOf(int cpt) =>
        Rune.IsValid(cpt) ? Rune.GetUnicodeCategory(new Rune(cpt)) : UnicodeCategory.OtherNotAssigned;

    private static int ToLower(int cpt) => cpt is >= 'A' and <= 'Z' ? cpt + ('a' - 'A') :
        cpt != OutOfRange && Rune.IsValid(cpt) ? Rune.ToLowerInvariant(new Rune(cpt)).Value : cpt;

    private static int[] ToCodePoints(string text)
    {
        var list = new List<int>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            list.Add(rune.Value);
        }

        return [.. list];
    }

    private static string FromCodePoints(int[] cpts, int start, int end)
    {
        var builder = new StringBuilder();
        for (var i = start; i < end; i++)
        {
            builder.Append(char.ConvertFromUtf32(cpts[i]));
        }

        return builder.ToString();
    }
}
