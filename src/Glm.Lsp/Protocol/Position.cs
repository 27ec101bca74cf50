namespace Glm.Lsp.Protocol;

/// <summary>A position in a document: zero-based line and UTF-16 code unit offset within that line.</summary>
/// <remarks>
/// https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#position
/// Both are uintegers in the spec. A negative value is refused here, where the message is read, so it becomes
/// InvalidParams for that request instead of an IndexOutOfRange deep in a feature (found by the protocol fuzzer in
/// hover and completion).
/// </remarks>
public sealed record Position
{
    public Position(int line, int character)
    {
        if (line < 0 || character < 0)
        {
            throw new InvalidParamsException($"Line and character must not be negative: {{ line: {line}, character: {character} }}.");
        }

        Line = line;
        Character = character;
    }

    public int Line { get; }

    public int Character { get; }

    public void Deconstruct(out int line, out int character)
    {
        line = Line;
        character = Character;
    }
}
