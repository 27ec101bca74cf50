using Glm.Lsp.Protocol;

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

    public int OffsetAt(Position position) => Positions.ToOffset(position);

    public Position PositionAt(int offset) => Positions.ToPosition(offset);

    public string GetText(LspRange range)
    {
        var start = OffsetAt(range.Start);
        var end = OffsetAt(range.End);
        return Text[start..Math.Max(start, end)];
    }

    /// <summary>Applies content changes in order, each against the text left by the previous one, as the spec requires.</summary>
    public TextDocumentSnapshot WithChanges(int version, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        var text = Text;
        foreach (var change in changes)
        {
            if (change.Range is null)
            {
                text = change.Text;
                continue;
            }

            var current = new TextPositions(text);
            var start = current.ToOffset(change.Range.Start);
            var end = current.ToOffset(change.Range.End);
            if (end < start)
            {
                throw new InvalidParamsException($"The change range ends before it starts: {change.Range}.");
            }

            text = string.Concat(text.AsSpan(0, start), change.Text, text.AsSpan(end));
        }

        return new TextDocumentSnapshot(Uri, LanguageId, version, text);
    }
}
