namespace Glm.Lsp.Documents;

/// <summary>One immutable version of an open document. Requests work on a snapshot, so edits arriving while a
/// generation runs never change the text under it.</summary>
public sealed class TextDocumentSnapshot
{
    private readonly Lazy<TextPositions> positions;

    public TextDocumentSnapshot(string uri, string languageId, int version, string text)
    {
        Uri = uri;
        LanguageId = languageId;
        Version = version;
        Text = text;
        positions = new Lazy<TextPositions>(() => new TextPositions(text));
    }

    public string Uri { get; }
    public string LanguageId { get; }
    public int Version { get; }
    public string Text { get; }
    public TextPositions Positions => positions.Value;

    public int OffsetAt(LinePosition position) => Positions.ToOffset(position);

    public LinePosition PositionAt(int offset) => Positions.ToPosition(offset);

    public string GetText(LineRange range)
    {
        var start = OffsetAt(range.Start);
        var end = OffsetAt(range.End);
        return Text[start..Math.Max(start, end)];
    }

    /// <summary>Applies content changes in order, each against the text left by the previous one, as the spec requires.</summary>
    public TextDocumentSnapshot WithChanges(int version, IEnumerable<TextChange> changes)
    {
        var text = Text;
        foreach (var change in changes)
        {
            if (change.Range is not { } range)
            {
                text = change.Text;
                continue;
            }

            var current = new TextPositions(text);
            var start = current.ToOffset(range.Start);
            var end = current.ToOffset(range.End);
            if (end < start)
            {
                throw new InvalidInputException($"The change range ends before it starts: {Describe(range)}.");
            }

            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
        }

        return new TextDocumentSnapshot(Uri, LanguageId, version, text);
    }

    private static string Describe(LineRange range) =>
        $"{range.Start.Line}:{range.Start.Character} to {range.End.Line}:{range.End.Character}";
}
