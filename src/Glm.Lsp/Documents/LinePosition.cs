namespace Glm.Lsp.Documents;

/// <summary>A place in a text: zero-based line and column, the column counted in UTF-16 code units (a string index
/// within the line), so a Chinese character counts 1 and an emoji 2.</summary>
public readonly record struct LinePosition
{
    public LinePosition(int line, int character)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(line);
        ArgumentOutOfRangeException.ThrowIfNegative(character);
        Line = line;
        Character = character;
    }

    public int Line { get; }

    public int Character { get; }
}
