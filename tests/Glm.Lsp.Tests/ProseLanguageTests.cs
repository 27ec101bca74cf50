using Glm.Lsp.Documents;
using Glm.Lsp.Syntax;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>The prose language ids editors send: whole-file prose, or prose with marked-up code scoped by its grammar.</summary>
public sealed class ProseLanguageTests
{
    private static SyntaxContext Detect(string languageId, string text, int line, int character) =>
        SyntaxContextDetector.Shared.Detect(new TextDocumentSnapshot("file:///x", languageId, 1, text), new LinePosition(line, character));

    [Theory]
    [InlineData("plaintext")]
    [InlineData("text")]
    [InlineData("restructuredtext")]
    [InlineData("rst")]
    [InlineData("org")]
    public void LanguagesWithoutAGrammar_AreProseEverywhere(string languageId)
    {
        Assert.True(LanguageKinds.IsProse(languageId));
        Assert.Equal(SyntaxContext.Prose, Detect(languageId, "# not a comment\nint x = 1; // words\n", 1, 15));
    }

    [Theory]
    [InlineData("latex")]
    [InlineData("tex")]
    public void LaTeX_TextIsProse_CommentsAreComments_CommandsAndMathAreNot(string languageId)
    {
        const string Text = "\\section{Intro}\nThe quick brown fox % a note\nWe have $x^2 + y$ here.\n";
        Assert.True(LanguageKinds.IsProse(languageId));
        Assert.Equal(SyntaxContext.Prose, Detect(languageId, Text, 1, 9));
        Assert.Equal(SyntaxContext.Comment, Detect(languageId, Text, 1, 25));
        Assert.Equal(SyntaxContext.Code, Detect(languageId, Text, 2, 11));
        Assert.Equal(SyntaxContext.Code, Detect(languageId, Text, 0, 4));
    }

    [Fact]
    public void AsciiDoc_TextIsProse_CommentsAreComments_LiteralsAndAttributesAreNot()
    {
        const string Text = "= Title\n\nSome `mono` prose.\n\n[source,c]\n----\nint x = 1;\n----\n\n// a note\n";
        Assert.True(LanguageKinds.IsProse("asciidoc"));
        Assert.Equal(SyntaxContext.Prose, Detect("asciidoc", Text, 2, 3));
        Assert.Equal(SyntaxContext.Code, Detect("asciidoc", Text, 2, 8));
        Assert.Equal(SyntaxContext.Code, Detect("asciidoc", Text, 4, 5));
        Assert.Equal(SyntaxContext.Comment, Detect("asciidoc", Text, 9, 6));
        // FIXME: TextMateSharp's AsciiDoc grammar leaves a listing block's lines unscoped, so they count as prose.
        Assert.Equal(SyntaxContext.Prose, Detect("asciidoc", Text, 6, 5));
    }

    [Theory]
    [InlineData("text")]
    [InlineData("org")]
    [InlineData("latex")]
    [InlineData("asciidoc")]
    public async Task InlineCompletion_InAProseLanguage_Suggests(string languageId)
    {
        var generator = new ScriptedGenerator { Respond = _ => "fox jumps" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync("file:///notes/a", languageId, "The quick brown ");
        Assert.Equal(
            """{"items":[{"insertText":"fox jumps","range":{"start":{"line":0,"character":16},"end":{"line":0,"character":16}}}]}""",
            await ready.InlineAsync("file:///notes/a", 0, 16));
    }
}
