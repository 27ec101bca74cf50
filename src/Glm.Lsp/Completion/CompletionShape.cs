namespace Glm.Lsp.Completion;

/// <summary>
/// Single line or several: in the middle of a sentence the user wants the sentence finished; at the end of a
/// paragraph (nothing after the cursor on its line, a finished sentence or an empty line, and a blank line or the end of
/// the document next) the next lines are welcome.
/// </summary>
public static class CompletionShape
{
    private static readonly char[] SentenceEnds = ['.', '!', '?', ':', '。', '！', '？', '：', '；'];

    public static bool IsMultiLine(string textBefore, string textAfter)
    {
        var lineEnd = textAfter.IndexOfAny(['\r', '\n']);
        var restOfLine = lineEnd < 0 ? textAfter : textAfter[..lineEnd];
        if (restOfLine.Trim().Length > 0)
        {
            return false;
        }

        var lineStart = textBefore.LastIndexOfAny(['\r', '\n']) + 1;
        var lineSoFar = textBefore[lineStart..].TrimEnd();
        var finished = lineSoFar.Length == 0 || SentenceEnds.Contains(lineSoFar[^1]);
        if (!finished)
        {
            return false;
        }

        // Past exactly the line break that ends the cursor's line, so a blank line right after it is the next line.
        var following = lineEnd < 0 ? "" : textAfter[(lineEnd + (textAfter.AsSpan(lineEnd).StartsWith("\r\n") ? 2 : 1))..];
        var nextLineEnd = following.IndexOfAny(['\r', '\n']);
        var nextLine = nextLineEnd < 0 ? following : following[..nextLineEnd];
        return nextLine.Trim().Length == 0;
    }
}
