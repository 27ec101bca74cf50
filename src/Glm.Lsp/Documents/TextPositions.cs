namespace Glm.Lsp.Documents;

/// <summary>
/// The one place where line/column positions become string offsets and back. .NET strings are UTF-16 and columns
/// count UTF-16 code units (the LSP default position encoding), so a column is a string index: a Chinese character counts 1,
/// an emoji (a surrogate pair) counts 2. Lines end at "\n", "\r\n" or "\r" as the spec says.
/// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textDocuments
/// </summary>
public sealed class TextPositions
{
    private readonly string text;
    private readonly int[] lineStarts;

    public TextPositions(string text)
    {
        this.text = text;
        lineStarts = ComputeLineStarts(text);
    }

    public int LineCount => lineStarts.Length;

    /// <summary>
    /// The string offset of <paramref name="position"/>. As the spec asks, a character past the end of its line means the
    /// end of the line (before its line break), and a line past the last line means the end of the document.
    /// </summary>
    public int ToOffset(LinePosition position)
    {
        if (position.Line >= lineStarts.Length)
        {
            return text.Length;
        }

        var start = lineStarts[position.Line];
        return start + Math.Min(position.Character, LineContentLength(position.Line));
    }

    public LinePosition ToPosition(int offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, text.Length);
        var line = Array.BinarySearch(lineStarts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new LinePosition(line, offset - lineStarts[line]);
    }

    /// <summary>The text of a line without its line break.</summary>
    public string LineText(int line) => text.Substring(lineStarts[line], LineContentLength(line));

    public int LineStart(int line) => lineStarts[line];

    /// <summary>Length of a line without its line break ("\r\n" counts as one break).</summary>
    public int LineContentLength(int line)
    {
        var start = lineStarts[line];
        var end = line + 1 < lineStarts.Length ? lineStarts[line + 1] : text.Length;
        if (end > start && text[end - 1] == '\n')
        {
            end--;
        }

        if (end > start && text[end - 1] == '\r')
        {
            end--;
        }

        return end - start;
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
