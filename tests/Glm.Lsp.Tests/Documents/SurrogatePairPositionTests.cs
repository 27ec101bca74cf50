using Glm.Lsp.Documents;

namespace Glm.Lsp.Tests.Documents;

/// <summary>
/// Characters outside the Basic Multilingual Plane (emoji, rare CJK such as 𠮷) are two UTF-16 units in LSP positions and
/// in .NET strings alike: positions, line lengths and edits must count both halves, on every line and with every break.
/// </summary>
public sealed class SurrogatePairPositionTests
{
    private const string Text = "😀 one\r\n𠮷野家 two 😀😀\nthree";

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(0, 2, 2)]
    [InlineData(0, 6, 6)]
    [InlineData(1, 0, 8)]
    [InlineData(1, 2, 10)]
    [InlineData(1, 9, 17)]
    [InlineData(1, 13, 21)]
    [InlineData(2, 0, 22)]
    [InlineData(2, 5, 27)]
    public void PositionsAndOffsets_CountBothHalvesOfEachPair(int line, int character, int offset)
    {
        var positions = new TextPositions(Text);

        Assert.Equal(offset, positions.ToOffset(new LinePosition(line, character)));
        Assert.Equal(new LinePosition(line, character), positions.ToPosition(offset));
    }

    [Fact]
    public void LineLengths_CountPairsAsTwo_AndACharacterPastTheEndStopsBeforeTheBreak()
    {
        var positions = new TextPositions(Text);

        Assert.Equal([6, 13, 5], Enumerable.Range(0, positions.LineCount).Select(positions.LineContentLength));
        Assert.Equal("𠮷野家 two 😀😀", positions.LineText(1));
        Assert.Equal(21, positions.ToOffset(new LinePosition(1, 40)));
        Assert.Equal(6, positions.ToOffset(new LinePosition(0, 7)));
    }

    [Fact]
    public void AnEditAfterPairs_ReplacesExactlyItsRange()
    {
        var snapshot = new TextDocumentSnapshot("file:///a.md", "markdown", 1, Text);

        var next = snapshot.WithChanges(2, [new TextChange("TWO", new LineRange(new LinePosition(1, 5), new LinePosition(1, 8)))]);

        Assert.Equal("😀 one\r\n𠮷野家 TWO 😀😀\nthree", next.Text);
        Assert.Equal(2, next.Version);
    }

    [Fact]
    public void DeletingAPair_RemovesBothHalves_AndLaterChangesSeeTheShorterLine()
    {
        var snapshot = new TextDocumentSnapshot("file:///a.md", "markdown", 1, Text);

        var next = snapshot.WithChanges(2,
        [
            new TextChange("", new LineRange(new LinePosition(1, 9), new LinePosition(1, 11))),
            // Against the text the first change left: the last emoji now starts at column 9.
            new TextChange("!", new LineRange(new LinePosition(1, 11), new LinePosition(1, 11))),
            new TextChange("🎉", new LineRange(new LinePosition(0, 0), new LinePosition(0, 2))),
        ]);

        Assert.Equal("🎉 one\r\n𠮷野家 two 😀!\nthree", next.Text);
        Assert.Equal(new LinePosition(1, 11), next.PositionAt(next.Text.IndexOf('!', StringComparison.Ordinal)));
    }

    [Fact]
    public void GetText_OfARangeAroundPairs_IsExact()
    {
        var snapshot = new TextDocumentSnapshot("file:///a.md", "markdown", 1, Text);

        Assert.Equal("𠮷野", snapshot.GetText(new LineRange(new LinePosition(1, 0), new LinePosition(1, 3))));
        Assert.Equal("😀😀\nth", snapshot.GetText(new LineRange(new LinePosition(1, 9), new LinePosition(2, 2))));
        Assert.Equal("", snapshot.GetText(new LineRange(new LinePosition(1, 9), new LinePosition(1, 2))));
    }
}
