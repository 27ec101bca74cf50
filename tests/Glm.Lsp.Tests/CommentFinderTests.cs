using Glm.Lsp.Documents;
using Glm.Lsp.Syntax;
using Glm.Lsp.Translation;

namespace Glm.Lsp.Tests;

/// <summary>Comment blocks found with the TextMate grammars: markers left out, adjacent lines joined, ranges in UTF-16.</summary>
public sealed class CommentFinderTests
{
    private readonly CommentFinder finder = new(SyntaxContextDetector.Shared);

    private CommentBlock? Find(string languageId, string text, int line, int character) =>
        finder.Find(new TextDocumentSnapshot("file:///x", languageId, 1, text), new LinePosition(line, character));

    [Fact]
    public void MultiLineBlockComment_InCSharp_IsOneBlockWithoutMarkers()
    {
        var block = Find("csharp", "int a;\n/* 第一行\n   第二行 */\nint b;\n", 2, 4);
        Assert.NotNull(block);
        Assert.Equal("第一行\n第二行", block.Text);
        Assert.Equal(new LineRange(new LinePosition(1, 3), new LinePosition(2, 6)), block.Range);
        Assert.Equal("", block.ContinuationPrefix);
    }

    [Fact]
    public void TrailingLineComment_AfterCode_IsOnlyThatComment()
    {
        var block = Find("csharp", "// 上面\nint a; // 变量\n// 下面\n", 1, 11);
        Assert.NotNull(block);
        Assert.Equal("变量", block.Text);
        Assert.Equal(new LineRange(new LinePosition(1, 10), new LinePosition(1, 12)), block.Range);
    }

    [Fact]
    public void LineCommentsWithCrLfAndEmoji_KeepUtf16Ranges()
    {
        var block = Find("javascript", "  // 😀 你好\r\n  // 世界\r\nlet x = 1;\r\n", 0, 6);
        Assert.NotNull(block);
        Assert.Equal("😀 你好\n世界", block.Text);
        Assert.Equal(new LineRange(new LinePosition(0, 5), new LinePosition(1, 7)), block.Range);
        Assert.Equal("  // ", block.ContinuationPrefix);
    }

    [Fact]
    public void CodeAndStrings_AreNotComments()
    {
        Assert.Null(Find("csharp", "var s = \"// not a comment\";\n", 0, 15));
        Assert.Null(Find("csharp", "var s = 1;\n", 0, 5));
        Assert.Null(Find("plaintext", "// plain text has no grammar\n", 0, 5));
    }

    [Fact]
    public void SeparateCommentsDivideAtABlankLine()
    {
        var block = Find("python", "# 第一段\n\n# 第二段\n", 2, 3);
        Assert.NotNull(block);
        Assert.Equal("第二段", block.Text);
    }
}
