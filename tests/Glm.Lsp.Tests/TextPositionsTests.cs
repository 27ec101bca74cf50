using Glm.Lsp.Documents;

namespace Glm.Lsp.Tests;

/// <summary>Positions are UTF-16 code units: one per Chinese character, two per emoji; CRLF is one line break.</summary>
public sealed class TextPositionsTests
{
    [Fact]
    public void ChineseCharactersCountOneUnitEach()
    {
        var positions = new TextPositions("山川异域，风月同天\n第二行");
        Assert.Equal(5, positions.ToOffset(new LinePosition(0, 5)));
        Assert.Equal("风", "山川异域，风月同天\n第二行"[positions.ToOffset(new LinePosition(0, 5))].ToString());
        Assert.Equal(11, positions.ToOffset(new LinePosition(1, 1)));
        Assert.Equal(new LinePosition(1, 1), positions.ToPosition(11));
    }

    [Fact]
    public void EmojiCountsTwoUnits()
    {
        const string text = "a😀b\n😀😀x";
        var positions = new TextPositions(text);
        Assert.Equal('b', text[positions.ToOffset(new LinePosition(0, 3))]);
        Assert.Equal('x', text[positions.ToOffset(new LinePosition(1, 4))]);
        Assert.Equal(new LinePosition(1, 4), positions.ToPosition(text.IndexOf('x', StringComparison.Ordinal)));
    }

    [Fact]
    public void CrLfIsOneLineBreakAndLoneCrToo()
    {
        const string text = "one\r\ntwo\rthree\nfour";
        var positions = new TextPositions(text);
        Assert.Equal(4, positions.LineCount);
        Assert.Equal("two", positions.LineText(1));
        Assert.Equal("three", positions.LineText(2));
        Assert.Equal(5, positions.ToOffset(new LinePosition(1, 0)));
        Assert.Equal(9, positions.ToOffset(new LinePosition(2, 0)));
        Assert.Equal(new LinePosition(3, 2), positions.ToPosition(17));
    }

    [Fact]
    public void CharacterPastLineEndMeansEndOfLineBeforeTheBreak()
    {
        var positions = new TextPositions("ab\r\ncd");
        Assert.Equal(2, positions.ToOffset(new LinePosition(0, 99)));
    }

    [Fact]
    public void LinePastTheEndMeansEndOfDocument()
    {
        var positions = new TextPositions("ab\ncd");
        Assert.Equal(5, positions.ToOffset(new LinePosition(7, 0)));
    }

    [Fact]
    public void EndOfDocumentAfterFinalNewlineIsAnEmptyLine()
    {
        var positions = new TextPositions("ab\n");
        Assert.Equal(2, positions.LineCount);
        Assert.Equal(new LinePosition(1, 0), positions.ToPosition(3));
    }
}
