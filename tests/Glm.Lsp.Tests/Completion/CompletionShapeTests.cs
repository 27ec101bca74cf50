using Glm.Lsp.Completion;

namespace Glm.Lsp.Tests.Completion;

/// <summary>
/// When <see cref="CompletionShape"/> asks for several lines: nothing after the cursor on its line, a finished sentence
/// or an empty line before it, and a blank line or the end of the document next, with either line ending.
/// </summary>
public sealed class CompletionShapeTests
{
    [Theory]
    [InlineData("Done.", "")]
    [InlineData("Done.\n", "")]
    [InlineData("Done.", "  ")]
    [InlineData("Done.", "\n")]
    [InlineData("Done.", "\n\nNext paragraph.")]
    [InlineData("Done.", "\r\n\r\nNext paragraph.")]
    [InlineData("Done.", "\n  \nNext paragraph.")]
    [InlineData("Done.", "\r\rNext paragraph.")]
    [InlineData("完了。", "\n")]
    public void At_the_end_of_a_paragraph_the_suggestion_is_multi_line(string before, string after)
    {
        Assert.True(CompletionShape.IsMultiLine(before, after));
    }

    [Theory]
    [InlineData("Done.", "rest of the line")]
    [InlineData("Done.", "rest of the line\n\nNext paragraph.")]
    [InlineData("Done.", "\nNext line.")]
    [InlineData("Done.", "\r\nNext line.")]
    [InlineData("Done.", "\rNext line.")]
    [InlineData("In the middle of", "")]
    [InlineData("In the middle of", "\n\nNext paragraph.")]
    public void In_a_line_or_before_more_text_the_suggestion_is_one_line(string before, string after)
    {
        Assert.False(CompletionShape.IsMultiLine(before, after));
    }
}
