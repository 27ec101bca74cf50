namespace Glm.Inference.Engine;

/// <summary>
/// Drops the header line ChatGLM3 starts each reply with (the turn's metadata, usually empty, up to the first newline)
/// and the SentencePiece word space after it, so the caller gets the reply's text. Passes everything through when the
/// prompt's answer has no header.
/// </summary>
internal sealed class ReplyHeaderFilter(bool answerHasHeaderLine)
{
    private bool done = !answerHasHeaderLine;
    private bool afterNewline;

    /// <summary>Returns the part of <paramref name="text"/> after the header.</summary>
    public string Push(string text)
    {
        if (done)
        {
            return text;
        }

        if (!afterNewline)
        {
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            if (newline < 0)
            {
                return string.Empty;
            }

            afterNewline = true;
            text = text[(newline + 1)..];
        }

        if (text.Length == 0)
        {
            return string.Empty;
        }

        done = true;
        return text[0] == ' ' ? text[1..] : text;
    }
}
