using Glm.Lsp.Documents;
using Glm.Lsp.Syntax;
using TextMateSharp.Grammars;

namespace Glm.Lsp.Translation;

/// <summary>
/// Finds the comment or docstring under a position with the language's TextMate grammar. Adjacent whole-line comments
/// form one block (a paragraph written as several "//" lines); comment markers and docstring quotes are left out.
/// </summary>
public sealed class CommentFinder(SyntaxContextDetector syntax)
{
    private const int LinesBelowToScan = 200;

    public CommentBlock? Find(TextDocumentSnapshot document, LinePosition position)
    {
        var lines = document.Positions;
        var line = Math.Min(position.Line, lines.LineCount - 1);
        var tokens = syntax.TokenizeLines(document, line + LinesBelowToScan);
        if (tokens is null)
        {
            return null;
        }

        var lineText = lines.LineText(line);
        var probe = Math.Max(0, Math.Min(position.Character, lineText.Length) - 1);
        var token = tokens[line].FirstOrDefault(t => t.StartIndex <= probe && probe < t.EndIndex);
        if (token is null || !IsComment(token))
        {
            return null;
        }

        // Whole-line comments of the same kind join into one block: "//" lines always, lines of a block comment or
        // docstring until the line that closes it.
        var first = line;
        var last = line;
        var kind = KindOf(tokens[line], lineText);
        if (kind is not null)
        {
            while (first > 0 && KindOf(tokens[first - 1], lines.LineText(first - 1)) == kind
                   && (kind == LineKind || !Closes(tokens[first - 1], lines.LineText(first - 1))))
            {
                first--;
            }

            while (last + 1 < tokens.Count && KindOf(tokens[last + 1], lines.LineText(last + 1)) == kind
                   && (kind == LineKind || !Closes(tokens[last], lines.LineText(last))))
            {
                last++;
            }
        }

        var parts = new List<(int Line, int Start, int End)>();
        for (var l = first; l <= last; l++)
        {
            var text = lines.LineText(l);
            var content = tokens[l].Where(t => IsComment(t) && !IsMarker(t) && TextOf(t, text).Trim().Length > 0).ToList();
            if (content.Count == 0)
            {
                continue;
            }

            var start = content[0].StartIndex;
            var end = Math.Min(content[^1].EndIndex, text.Length);
            while (start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end > start)
            {
                parts.Add((l, start, end));
            }
        }

        if (parts.Count == 0)
        {
            return null;
        }

        var joined = string.Join("\n", parts.Select(p => lines.LineText(p.Line)[p.Start..p.End]));
        var range = new LineRange(new LinePosition(parts[0].Line, parts[0].Start), new LinePosition(parts[^1].Line, parts[^1].End));
        var firstText = lines.LineText(parts[0].Line);
        var isLineComment = tokens[parts[0].Line].Any(t => t.Scopes.Any(s => s.StartsWith("comment.line", StringComparison.Ordinal)));
        var prefix = isLineComment
            ? firstText[..parts[0].Start]
            : new string(firstText.TakeWhile(char.IsWhiteSpace).ToArray());
        return new CommentBlock(joined, range, prefix);
    }

    private static bool IsComment(IToken token) =>
        token.Scopes.Any(s => s.StartsWith("comment", StringComparison.Ordinal) || s.Contains("docstring", StringComparison.Ordinal));

    private static bool IsMarker(IToken token) =>
        token.Scopes.Any(s => s.StartsWith("punctuation.definition.comment", StringComparison.Ordinal)
                              || s.StartsWith("punctuation.definition.string", StringComparison.Ordinal));

    private const string LineKind = "line";
    private const string BlockKind = "block";

    /// <summary>"line" or "block" for a line holding nothing but a comment (and whitespace); null otherwise.</summary>
    private static string? KindOf(IToken[] tokens, string text)
    {
        if (text.Trim().Length == 0 || !tokens.Any(IsComment)
            || !tokens.All(t => IsComment(t) || TextOf(t, text).Trim().Length == 0))
        {
            return null;
        }

        return tokens.Any(t => t.Scopes.Any(s => s.StartsWith("comment.line", StringComparison.Ordinal))) ? LineKind : BlockKind;
    }

    /// <summary>True when the line ends a block comment or docstring ("*/", "-->", closing quotes).</summary>
    private static bool Closes(IToken[] tokens, string text) =>
        tokens.Any(t => IsMarker(t) && (TextOf(t, text).Trim() is "*/" or "-->" || t.Scopes.Any(s => s.EndsWith(".end", StringComparison.Ordinal) || s.Contains(".end.", StringComparison.Ordinal))));

    private static string TextOf(IToken token, string text) =>
        text[Math.Min(token.StartIndex, text.Length)..Math.Min(token.EndIndex, text.Length)];
}
