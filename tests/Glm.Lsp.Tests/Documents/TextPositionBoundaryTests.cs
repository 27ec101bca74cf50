using Glm.Lsp.Documents;

namespace Glm.Lsp.Tests.Documents;

/// <summary>The edges of the offset/position mapping: the line just past the last, a line break at the very end, offsets
/// outside the text.</summary>
public sealed class TextPositionBoundaryTests
{
    [Fact]
    public void The_line_just_past_the_last_means_the_end_of_the_document()
    {
        var positions = new TextPositions("ab\ncd");

        Assert.Equal(2, positions.LineCount);
        Assert.Equal(5, positions.ToOffset(new LinePosition(2, 0)));
    }

    [Theory]
    [InlineData("a\r")]
    [InlineData("\r")]
    public void A_lone_carriage_return_at_the_very_end_starts_an_empty_last_line(string text)
    {
        var positions = new TextPositions(text);

        Assert.Equal(2, positions.LineCount);
        Assert.Equal(text.Length, positions.LineStart(1));
        Assert.Equal(text.Length - 1, positions.LineContentLength(0));
        Assert.Equal(new LinePosition(1, 0), positions.ToPosition(text.Length));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(6)]
    public void An_offset_outside_the_text_is_refused(int offset)
    {
        var positions = new TextPositions("ab\ncd");

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => positions.ToPosition(offset));

        Assert.Equal("offset", error.ParamName);
    }
}
