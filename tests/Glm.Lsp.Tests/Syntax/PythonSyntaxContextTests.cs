using Glm.Lsp.Documents;
using Glm.Lsp.Syntax;
using Glm.Lsp.Translation;

namespace Glm.Lsp.Tests.Syntax;

/// <summary>
/// Where Python code ends and writing begins: comments and docstrings take suggestions and translations, code and plain
/// strings do not. "|" marks the cursor; columns are UTF-16 units, so the emoji cases check that too.
/// </summary>
public sealed class PythonSyntaxContextTests
{
    [Theory]
    [InlineData("# 注释|", SyntaxContext.Comment)]
    [InlineData("#!/usr/bin/env py|thon\n", SyntaxContext.Comment)]
    [InlineData("x = 1|", SyntaxContext.Code)]
    [InlineData("x = 1  # 说明|", SyntaxContext.Comment)]
    [InlineData("x = 1|  # 说明", SyntaxContext.Code)]
    [InlineData("total = add(a, b)  # sum of| both\n", SyntaxContext.Comment)]
    [InlineData("s = 'ab|c'", SyntaxContext.String)]
    [InlineData("s = \"# not| a comment\"", SyntaxContext.String)]
    [InlineData("query = \"\"\"SELECT| * FROM t\"\"\"\n", SyntaxContext.String)]
    [InlineData("def f():\n    \"\"\"Return| the sum.\"\"\"\n    return 1\n", SyntaxContext.Comment)]
    [InlineData("def f():\n    \"\"\"Return the sum.\n\n    More det|ails here.\n    \"\"\"\n    return 1\n", SyntaxContext.Comment)]
    [InlineData("def f():\n    \"\"\"Return the sum.\n    \"\"\"\n    retu|rn 1\n", SyntaxContext.Code)]
    [InlineData("class A:\n    '''A single-quoted doc|string.'''\n", SyntaxContext.Comment)]
    [InlineData("\"\"\"Module doc|umentation.\"\"\"\nimport os\n", SyntaxContext.Comment)]
    [InlineData("\"\"\"Module documentation.\"\"\"\nimport o|s\n", SyntaxContext.Code)]
    [InlineData("s = '😀😀'  # 表情|说明", SyntaxContext.Comment)]
    [InlineData("s = '😀😀|'  # 表情说明", SyntaxContext.String)]
    // The character before the cursor decides: right after the closing quote is still the string, one space on is code.
    [InlineData("s = '😀😀'|  # 表情说明", SyntaxContext.String)]
    [InlineData("s = '😀😀' | # 表情说明", SyntaxContext.Code)]
    [InlineData("def f():\n    return 1  # 😀 结|果\n", SyntaxContext.Comment)]
    [InlineData("for item in ite|ms:\n    pass\n", SyntaxContext.Code)]
    public void Detect_TellsCommentsAndDocstringsFromCodeAndStrings(string marked, SyntaxContext expected)
    {
        var (document, position) = Marked(marked);

        Assert.Equal(expected, SyntaxContextDetector.Shared.Detect(document, position));
    }

    [Fact]
    public void CommentFinder_JoinsAdjacentHashComments_AndKeepsUtf16Ranges()
    {
        var (document, position) = Marked("def f():\n    # 😀 第一行\n    # 第二|行\n    return 1\n");

        var block = new CommentFinder(SyntaxContextDetector.Shared).Find(document, position);

        Assert.NotNull(block);
        Assert.Equal("😀 第一行\n第二行", block.Text);
        Assert.Equal(new LineRange(new LinePosition(1, 6), new LinePosition(2, 9)), block.Range);
        Assert.Equal("    # ", block.ContinuationPrefix);
    }

    [Fact]
    public void CommentFinder_ATrailingCommentAfterAnEmojiString_StartsAtItsUtf16Column()
    {
        var (document, position) = Marked("s = '😀'  # 说|明\n");

        var block = new CommentFinder(SyntaxContextDetector.Shared).Find(document, position);

        Assert.NotNull(block);
        Assert.Equal("说明", block.Text);
        Assert.Equal(new LineRange(new LinePosition(0, 12), new LinePosition(0, 14)), block.Range);
    }

    [Fact]
    public void CommentFinder_FindsNothingInCodeOrAPlainString()
    {
        var finder = new CommentFinder(SyntaxContextDetector.Shared);

        Assert.Null(finder.Find(Marked("x = comp|ute()  # 说明\n").Document, Marked("x = comp|ute()  # 说明\n").Position));
        Assert.Null(finder.Find(Marked("s = '# 不是|注释'\n").Document, Marked("s = '# 不是|注释'\n").Position));
    }

    /// <summary>The text without its "|" and the UTF-16 position of that mark.</summary>
    private static (TextDocumentSnapshot Document, LinePosition Position) Marked(string marked)
    {
        var offset = marked.IndexOf('|', StringComparison.Ordinal);
        var text = marked.Remove(offset, 1);
        var document = new TextDocumentSnapshot("file:///src/a.py", "python", 1, text);
        return (document, document.PositionAt(offset));
    }
}
