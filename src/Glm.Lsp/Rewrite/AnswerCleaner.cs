using System.Text.RegularExpressions;

namespace Glm.Lsp.Rewrite;

/// <summary>
/// Turns a chat model's answer into the text that replaces a selection: chat models wrap the text they were asked for
/// in a preamble ("Here is the revised text:", "以下是改写后的文本："), a code fence or quotes, and append a note, and
/// none of that belongs in the user's file. Pure; the same rules clean edits, previews and hovers.
/// </summary>
public static partial class AnswerCleaner
{
    /// <summary>A first line longer than this is text, not a preamble; a preview holds back a shorter unfinished first
    /// line, so it never shows a preamble that the final edit drops.</summary>
    public const int MaxPreambleLength = 100;

    /// <summary>A paragraph this short may still become "(Note:" or "**Notes:**".</summary>
    private const int LongestNoteLabel = 10;

    /// <summary>The answer's text without the chat wrapping, trimmed; <paramref name="source"/> is the text that was
    /// rewritten: wrapping it has itself (a fence, quotes, a leading label, a closing note) is kept.</summary>
    /// <param name="dropHeaderLine">ChatGLM3 starts a reply with a metadata line (usually empty) before the first newline.</param>
    public static string Clean(string answer, string source, bool dropHeaderLine = false)
    {
        var text = Normalize(answer);
        var original = Normalize(source).Trim();
        if (dropHeaderLine)
        {
            text = DropHeaderLine(text);
        }

        text = text.Trim();
        text = DropPreamble(text, original);
        text = DropTrailingNote(text, original);
        text = DropFence(text, original);
        text = DropWrappingQuotes(text, original);
        text = DropTextTags(text, original);
        return RestoreLineBreaks(text.Trim(), source);
    }

    /// <summary>The part of a growing answer that is safe to show: what <see cref="Clean"/> would keep of it, minus
    /// whatever could still turn into wrapping (an unfinished short first line, a note paragraph being written, the
    /// start of a fence or a closing quote).</summary>
    public static string CleanPartial(string answerSoFar, string source, bool dropHeaderLine = false)
    {
        var text = Normalize(answerSoFar);
        var original = Normalize(source).Trim();
        if (dropHeaderLine)
        {
            if (!text.Contains('\n', StringComparison.Ordinal) && HeaderLine().IsMatch(text))
            {
                return "";
            }

            text = DropHeaderLine(text);
        }

        text = text.TrimStart();
        var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
        if (firstNewline < 0 ? MayBecomePreamble(text, original) : IsPreambleLine(text[..firstNewline], original) && text[firstNewline..].Trim().Length == 0)
        {
            return "";
        }

        text = DropPreamble(text.TrimEnd(), original);

        // The paragraph being written may turn out to be a closing note: hold it back while it is short or a note.
        var tail = UnsettledParagraphStart(text, original);
        if (tail >= 0)
        {
            text = text[..tail];
        }

        text = WithoutUnfinishedClosing(text.TrimEnd(), original);
        text = DropOpeningFence(text, original);
        if (text.Length > 0 && OpeningQuote(text[0]) is { } closing && (original.Length == 0 || original[0] != text[0]))
        {
            text = text.Length > 1 && text[^1] == closing ? text[1..^1] : text[1..];
        }

        text = text.StartsWith("<text>", StringComparison.Ordinal) && !original.StartsWith("<text>", StringComparison.Ordinal) ? text[6..] : text;
        return RestoreLineBreaks(text.Trim(), source);
    }

    /// <summary><paramref name="cleaned"/> with the leading and trailing whitespace of <paramref name="source"/> put back:
    /// selecting a paragraph with its line break must not pull the next line up.</summary>
    public static string Frame(string cleaned, string source)
    {
        var trimmed = source.Trim();
        if (trimmed.Length == 0)
        {
            return source;
        }

        var start = source.IndexOf(trimmed, StringComparison.Ordinal);
        return source[..start] + cleaned + source[(start + trimmed.Length)..];
    }

    /// <summary>Where the last paragraph starts when it is a note or still too short to tell, else −1.</summary>
    private static int UnsettledParagraphStart(string text, string original)
    {
        var blank = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (blank < 0 || HasNote(original))
        {
            return -1;
        }

        var paragraph = text[(blank + 2)..].TrimStart();
        return paragraph.Length <= LongestNoteLabel || NoteStart().IsMatch(paragraph) ? blank : -1;
    }

    /// <summary>An unfinished first line that may still end in a colon: short, and either opening as preambles do or
    /// without a finished sentence yet. An answer that starts as the source does is text.</summary>
    private static bool MayBecomePreamble(string line, string original) =>
        line.Length <= MaxPreambleLength
        && !SharesStart(original, line)
        && (PreambleOpener().IsMatch(line) || !SentenceEnd().IsMatch(line));

    /// <summary>The text without a closing fence or &lt;/text&gt; tag (or the start of one) at its end.</summary>
    private static string WithoutUnfinishedClosing(string text, string original)
    {
        foreach (var closing in new[] { "```", "</text>" })
        {
            if (original.EndsWith(closing, StringComparison.Ordinal))
            {
                continue;
            }

            for (var length = closing.Length; length > 0; length--)
            {
                if (text.EndsWith(closing[..length], StringComparison.Ordinal))
                {
                    return text[..^length].TrimEnd();
                }
            }
        }

        return text;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string RestoreLineBreaks(string text, string source) =>
        source.Contains("\r\n", StringComparison.Ordinal) ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;

    private static string DropHeaderLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline >= 0 && HeaderLine().IsMatch(text[..newline]) ? text[(newline + 1)..] : text;
    }

    private static string DropPreamble(string text, string original)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline > 0 && IsPreambleLine(text[..newline], original) && text[(newline + 1)..].Trim().Length > 0)
        {
            return text[(newline + 1)..].TrimStart();
        }

        // "译文：The text…" on one line: a known label, unless the source starts with it.
        var label = InlineLabel().Match(text);
        return label.Success && !StartsLike(original, label.Value.TrimEnd()) && text.Length > label.Length ? text[label.Length..] : text;
    }

    private static bool IsPreambleLine(string line, string original)
    {
        var trimmed = line.Trim();
        return trimmed.Length is > 0 and <= MaxPreambleLength
            && PreambleEnd().IsMatch(trimmed)
            && !PreambleEnd().IsMatch(FirstLine(original));
    }

    private static string DropTrailingNote(string text, string original)
    {
        var note = LastNoteStart(text, original);
        return note > 0 && text[..note].Trim().Length > 0 ? text[..note].TrimEnd() : text;
    }

    /// <summary>Where the last paragraph starts when it is a note ("Note:", "注：", "备注：", "说明："), else −1.</summary>
    private static int LastNoteStart(string text, string original)
    {
        var blank = text.LastIndexOf("\n\n", StringComparison.Ordinal);
        while (blank >= 0)
        {
            var paragraph = text[(blank + 2)..].TrimStart();
            if (paragraph.Length > 0)
            {
                return NoteStart().IsMatch(paragraph) && !HasNote(original) ? blank : -1;
            }

            blank = blank == 0 ? -1 : text.LastIndexOf("\n\n", blank - 1, StringComparison.Ordinal);
        }

        return -1;
    }

    private static bool HasNote(string original) =>
        original.Split("\n\n").Any(paragraph => NoteStart().IsMatch(paragraph.TrimStart()));

    private static string DropFence(string text, string original)
    {
        var opened = DropOpeningFence(text, original);
        if (ReferenceEquals(opened, text))
        {
            return text;
        }

        var trimmed = opened.TrimEnd();
        return trimmed.EndsWith("```", StringComparison.Ordinal) ? trimmed[..^3].TrimEnd() : opened;
    }

    private static string DropOpeningFence(string text, string original)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || original.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? "" : text[(newline + 1)..];
    }

    private static string DropWrappingQuotes(string text, string original)
    {
        if (text.Length < 2 || OpeningQuote(text[0]) is not { } closing || text[^1] != closing || (original.Length > 0 && original[0] == text[0]))
        {
            return text;
        }

        var inner = text[1..^1];
        // "a" and "b" is two quotations, not one wrapped answer.
        return inner.Contains(closing, StringComparison.Ordinal) || (closing != text[0] && inner.Contains(text[0], StringComparison.Ordinal)) ? text : inner.Trim();
    }

    private static string DropTextTags(string text, string original) =>
        text.StartsWith("<text>", StringComparison.Ordinal) && text.EndsWith("</text>", StringComparison.Ordinal) && !original.StartsWith("<text>", StringComparison.Ordinal)
            ? text[6..^7].Trim()
            : text;

    private static char? OpeningQuote(char c) => c switch
    {
        '"' => '"',
        '\'' => '\'',
        '“' => '”',
        '‘' => '’',
        '「' => '」',
        '『' => '』',
        _ => null,
    };

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).Trim();
    }

    /// <summary>An answer that starts as the source does (its first dozen characters, or all of the shorter) is text.</summary>
    private static bool SharesStart(string original, string line)
    {
        var wanted = Math.Min(12, Math.Min(original.Length, line.Length));
        return wanted > 0 && string.CompareOrdinal(original, 0, line, 0, wanted) == 0;
    }

    private static bool StartsLike(string original, string prefix) =>
        original.StartsWith(prefix.Trim(), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"[:：](\*\*|\*|_)?$")]
    private static partial Regex PreambleEnd();

    [GeneratedRegex(@"^(\(|（|\*\*|\*|_)?(Note|Notes|N\.B\.|注|注意|备注|说明)(\*\*|\*|_)?\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex NoteStart();

    [GeneratedRegex(@"^(译文|翻译|改写后|修改后|Translation|Revised text|Rewritten text|Improved text)\s*[:：]\s*", RegexOptions.IgnoreCase)]
    private static partial Regex InlineLabel();

    [GeneratedRegex(@"^[A-Za-z_][\w.\-]*$|^\s*$")]
    private static partial Regex HeaderLine();

    [GeneratedRegex(@"^(here|sure|certainly|of course|okay|ok|below|the (revised|rewritten|improved|corrected|translated|concise|formal)|revised|rewritten|improved|corrected|translation|以下|下面|好的|当然|这是|改写|修改|译文|翻译)", RegexOptions.IgnoreCase)]
    private static partial Regex PreambleOpener();

    [GeneratedRegex(@"[.!?][""')\]]*(\s|$)|[。！？]")]
    private static partial Regex SentenceEnd();
}
