using Glm.Lsp.Server;
using Glm.Lsp.Syntax;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>
/// Regression for the ghost text that sometimes never appeared in VS Code: the first inline completion in a Markdown
/// file waited seconds for the Markdown grammar to load and compile (on a busy machine), and by then the user had
/// stopped typing. The grammar is now compiled when the client connects, before any document is open.
/// </summary>
public sealed class GrammarWarmUpTests
{
    [Fact]
    public async Task Initialize_CompilesTheMarkdownGrammarBeforeAnyDocumentIsOpen()
    {
        var syntax = new SyntaxContextDetector();
        await using var session = LspTestSession.Start(new ServerStartOptions { Syntax = syntax });
        Assert.False(syntax.IsWarm("markdown"));

        await session.InitializeAsync();
        await ReadySession.WaitUntil(() => syntax.IsWarm("markdown"));
        Assert.False(syntax.IsWarm("python"));
    }

    [Fact]
    public async Task DidOpen_CompilesTheGrammarOfTheOpenedDocument()
    {
        var syntax = new SyntaxContextDetector();
        await using var session = LspTestSession.Start(new ServerStartOptions { Syntax = syntax });
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///a.py","languageId":"python","version":1,"text":"# a comment\nx = 1\n"}}""");
        await ReadySession.WaitUntil(() => syntax.IsWarm("python"));
    }

    [Fact]
    public void Warm_RemembersOnlyLanguagesTheServerKnows()
    {
        // The 400,000-message fuzz run found 200,000-character language ids kept for ever, one per didOpen.
        var syntax = new SyntaxContextDetector();
        var unknown = new string('y', 200_000);
        syntax.Warm(new Glm.Lsp.Documents.TextDocumentSnapshot("file:///a.y", unknown, 1, "# a comment\n"));
        syntax.Warm(new Glm.Lsp.Documents.TextDocumentSnapshot("file:///a.txt", "plaintext", 1, "prose\n"));

        Assert.False(syntax.IsWarm(unknown));
        Assert.True(syntax.IsWarm("plaintext"));
    }

    [Fact]
    public void WarmUpDocument_IsProseWhereAUserWrites()
    {
        var syntax = new SyntaxContextDetector();
        syntax.Warm(WarmUpDocuments.Markdown);
        Assert.Equal(SyntaxContext.Prose, syntax.Detect(WarmUpDocuments.Markdown, new Glm.Lsp.Documents.LinePosition(20, 4)));
        Assert.Equal(SyntaxContext.Code, syntax.Detect(WarmUpDocuments.Markdown, new Glm.Lsp.Documents.LinePosition(16, 5)));
    }
}
