using Glm.Inference.Generation;
using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>textDocument/inlineCompletion and its textDocument/completion fallback, driven over the protocol with a scripted model.</summary>
public sealed class InlineCompletionTests
{
    private const string Md = "file:///notes/a.md";

    [Fact]
    public async Task MidSentenceInMarkdown_SuggestsTheRestOfTheLine()
    {
        var generator = new ScriptedGenerator { Respond = _ => "fox jumps\nover the dog" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "# Title\n\nThe quick brown ");
        Assert.Equal(
            """{"items":[{"insertText":"fox jumps","range":{"start":{"line":2,"character":16},"end":{"line":2,"character":16}}}]}""",
            await ready.InlineAsync(Md, 2, 16));

        var request = Assert.Single(generator.Requests);
        var prompt = Assert.IsType<FillInTheMiddlePrompt>(request.Prompt);
        Assert.Equal("# Title\n\nThe quick brown ", prompt.Prefix);
        Assert.Equal("", prompt.Suffix);
        Assert.False(prompt.MultiLine);
        Assert.True(request.Options.SingleLine);
        Assert.Equal(64, request.Options.MaxTokens);
        Assert.True(request.Options.SpeculativeDecoding);
        Assert.Equal(RequestPriority.InlineCompletion, request.Priority);
        Assert.Equal(Md, request.SupersedeKey);
    }

    [Fact]
    public async Task EndOfParagraph_SuggestsSeveralLines()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Second paragraph.\nIt goes on.\n\n" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "First paragraph ends here.\n\n");
        Assert.Equal(
            """{"items":[{"insertText":"Second paragraph.\nIt goes on.","range":{"start":{"line":2,"character":0},"end":{"line":2,"character":0}}}]}""",
            await ready.InlineAsync(Md, 2, 0));
        Assert.False(Assert.Single(generator.Requests).Options.SingleLine);
    }

    [Fact]
    public async Task ChineseAndEmojiBeforeTheCursor_RangeIsInUtf16Units()
    {
        var generator = new ScriptedGenerator { Respond = _ => "风月同天" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync("file:///notes/zh.txt", "plaintext", "😀山川异域，\r\n");
        Assert.Equal(
            """{"items":[{"insertText":"风月同天","range":{"start":{"line":0,"character":7},"end":{"line":0,"character":7}}}]}""",
            await ready.InlineAsync("file:///notes/zh.txt", 0, 7));
        Assert.Equal("😀山川异域，", Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt).Prefix);
    }

    [Fact]
    public async Task InvokedTrigger_OffersBothShapes()
    {
        var generator = new ScriptedGenerator { Respond = _ => "alpha beta\ngamma" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "Some words");
        Assert.Equal(
            """{"items":[{"insertText":"alpha beta","range":{"start":{"line":0,"character":10},"end":{"line":0,"character":10}}},{"insertText":"alpha beta\ngamma","range":{"start":{"line":0,"character":10},"end":{"line":0,"character":10}}}]}""",
            await ready.InlineAsync(Md, 0, 10, trigger: 1));
    }

    [Fact]
    public async Task CodeInACodeFile_GetsNothingButACommentDoes()
    {
        var generator = new ScriptedGenerator { Respond = _ => " 的值" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync("file:///src/a.cs", "csharp", "var total = 0;\n// 计算总和\nint x = 1;\n");
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync("file:///src/a.cs", 0, 9));
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync("file:///src/a.cs", 2, 5));
        Assert.Empty(generator.Requests);
        Assert.Equal(
            """{"items":[{"insertText":" 的值","range":{"start":{"line":1,"character":7},"end":{"line":1,"character":7}}}]}""",
            await ready.InlineAsync("file:///src/a.cs", 1, 7));
    }

    [Fact]
    public async Task PythonDocstring_GetsASuggestion_StringLiteralDoesNot()
    {
        var generator = new ScriptedGenerator { Respond = _ => " of the list" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync("file:///src/a.py", "python", "def f():\n    \"\"\"Return the sum\"\"\"\n    return 'abc'\n");
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync("file:///src/a.py", 2, 14));
        Assert.Equal(
            """{"items":[{"insertText":" of the list","range":{"start":{"line":1,"character":18},"end":{"line":1,"character":18}}}]}""",
            await ready.InlineAsync("file:///src/a.py", 1, 18));
    }

    [Fact]
    public async Task MarkdownFencedCodeAndFrontMatter_GetNothing()
    {
        var generator = new ScriptedGenerator { Respond = _ => "text" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "---\ntitle: Notes\n---\n\nProse here\n\n```python\nvalue = 1\n```\n");
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync(Md, 1, 10));
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync(Md, 7, 5));
        Assert.Empty(generator.Requests);
        Assert.Contains("\"insertText\":\"text\"", await ready.InlineAsync(Md, 4, 10), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TypingThroughASuggestion_ReusesItWithoutGenerating()
    {
        var generator = new ScriptedGenerator { Respond = _ => "fox jumps" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "The quick brown ");
        await ready.InlineAsync(Md, 0, 16);
        await ready.Session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":16},"end":{"line":0,"character":16}},"text":"fo"}]}""");
        Assert.Equal(
            """{"items":[{"insertText":"x jumps","range":{"start":{"line":0,"character":18},"end":{"line":0,"character":18}}}]}""",
            await ready.InlineAsync(Md, 0, 18));
        Assert.Single(generator.Requests);

        // Typing something else generates again.
        await ready.Session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///notes/a.md","version":3},"contentChanges":[{"range":{"start":{"line":0,"character":18},"end":{"line":0,"character":18}},"text":"g"}]}""");
        await ready.InlineAsync(Md, 0, 19);
        Assert.Equal(2, generator.Requests.Count);
    }

    [Fact]
    public async Task SelectedCompletionInfo_IsExtendedAndItsRangeUsed()
    {
        var generator = new ScriptedGenerator { Respond = _ => " peace" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "Hello wor");
        Assert.Equal(
            """{"items":[{"insertText":"world peace","range":{"start":{"line":0,"character":6},"end":{"line":0,"character":9}}}]}""",
            await ready.InlineAsync(Md, 0, 9, selectedCompletionInfo: """{"range":{"start":{"line":0,"character":6},"end":{"line":0,"character":9}},"text":"world"}"""));
        Assert.Equal("Hello world", Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt).Prefix);
    }

    [Fact]
    public async Task FillInTheMiddleModel_GetsTheTextAfterTheCursorWithinTheBudget()
    {
        var generator = new ScriptedGenerator
        {
            Model = new ModelDescription("codegeex", ModelProfile.CodeGeeX4, true, 4096, "scripted"),
            Respond = _ => "middle",
        };
        await using var ready = await ReadySession.StartAsync(generator, """{"promptTokenBudget":64}""");
        var before = new string('a', 100);
        var after = " " + new string('z', 100);
        await ready.OpenAsync(Md, "markdown", before + after);
        await ready.InlineAsync(Md, 0, 100);
        var prompt = Assert.IsType<FillInTheMiddlePrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal(new string('a', 48), prompt.Prefix);
        Assert.Equal(" " + new string('z', 15), prompt.Suffix);
    }

    [Fact]
    public async Task ModelNotReady_GivesAnEmptyResultNotAnError()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/a.md","languageId":"markdown","version":1,"text":"Hello"}}""");
        Assert.Equal("""{"items":[]}""", await session.RequestAsync("textDocument/inlineCompletion", """{"textDocument":{"uri":"file:///notes/a.md"},"position":{"line":0,"character":5},"context":{"triggerKind":2}}"""));
    }

    [Fact]
    public async Task InvokedOnlyMode_IgnoresAutomaticTriggers()
    {
        var generator = new ScriptedGenerator { Respond = _ => "more" };
        await using var ready = await ReadySession.StartAsync(generator, """{"completionMode":"invoked"}""");
        await ready.OpenAsync(Md, "markdown", "Hello");
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync(Md, 0, 5, trigger: 2));
        Assert.Contains("\"insertText\":\"more\"", await ready.InlineAsync(Md, 0, 5, trigger: 1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewerRequestForAnotherPositionOfTheSameDocument_SupersedesTheOlderOne()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => "answer", Gate = release.Task };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "Question ");
        var first = ready.InlineAsync(Md, 0, 8);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        // An identical request would join the first one (IdenticalInlineRequestsTests); any difference supersedes it.
        var second = ready.InlineAsync(Md, 0, 9);
        Assert.Equal("""{"items":[]}""", await first);
        release.SetResult();
        Assert.Contains("\"insertText\":\"answer\"", await second, StringComparison.Ordinal);
        Assert.Equal(1, generator.Cancellations);
    }

    [Fact]
    public async Task CancelRequest_StopsTheGenerationAndTheServerGoesOn()
    {
        var generator = new ScriptedGenerator { Respond = _ => "never", Gate = new TaskCompletionSource().Task };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "Wait ");
        using var cancellation = new CancellationTokenSource();
        var pending = ready.InlineAsync(Md, 0, 5, cancellationToken: cancellation.Token);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await ReadySession.WaitUntil(() => generator.Cancellations == 1);
        Assert.Equal("null", await ready.Session.RequestAsync("shutdown"));
    }

    [Fact]
    public async Task ClientWithoutInlineCompletion_GetsTheSuggestionAsOneCompletionItem()
    {
        var generator = new ScriptedGenerator { Respond = _ => "fox jumps" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: "{}");
        await ready.OpenAsync(Md, "markdown", "The quick brown ");
        Assert.Equal(
            """{"isIncomplete":true,"items":[{"label":"fox jumps","kind":1,"detail":"GLM","textEdit":{"range":{"start":{"line":0,"character":16},"end":{"line":0,"character":16}},"newText":"fox jumps"}}]}""",
            await ready.Session.RequestAsync("textDocument/completion", """{"textDocument":{"uri":"file:///notes/a.md"},"position":{"line":0,"character":16}}"""));
    }

    [Fact]
    public async Task CompletionAtTheEndOfAWord_StartsTheItemAtTheWord_SoClientsFilteringByItKeepIt()
    {
        var generator = new ScriptedGenerator { Respond = _ => " the code exists" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: "{}");
        await ready.OpenAsync(Md, "markdown", "# T\n\nIt explains why");
        Assert.Equal(
            """{"isIncomplete":true,"items":[{"label":"why the code exists","kind":1,"detail":"GLM","textEdit":{"range":{"start":{"line":2,"character":12},"end":{"line":2,"character":15}},"newText":"why the code exists"}}]}""",
            await ready.Session.RequestAsync("textDocument/completion", """{"textDocument":{"uri":"file:///notes/a.md"},"position":{"line":2,"character":15},"context":{"triggerKind":1}}"""));
    }

    [Fact]
    public async Task CompletionOnALinePastTheEnd_StartsNoWordFromAnotherLine()
    {
        // The protocol fuzzer found this: the position is clamped to the end of the text, whose word "why" is on line 2;
        // the item's start moved three columns left of column 0 and the request failed with an internal error.
        var generator = new ScriptedGenerator { Respond = _ => " the code exists" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: "{}");
        await ready.OpenAsync(Md, "markdown", "# T\n\nIt explains why");
        Assert.Equal(
            """{"isIncomplete":true,"items":[{"label":"the code exists","kind":1,"detail":"GLM","textEdit":{"range":{"start":{"line":7,"character":0},"end":{"line":7,"character":0}},"newText":" the code exists"}}]}""",
            await ready.Session.RequestAsync("textDocument/completion", """{"textDocument":{"uri":"file:///notes/a.md"},"position":{"line":7,"character":0},"context":{"triggerKind":1}}"""));
    }

    [Theory]
    [InlineData("""{"triggerKind":1}""")]
    [InlineData(null)]
    public async Task InvokedOnlyMode_CompletionInvokedByTheUser_GetsTheSuggestion(string? completionContext)
    {
        var generator = new ScriptedGenerator { Respond = _ => "fox jumps" };
        await using var ready = await ReadySession.StartAsync(generator, """{"completionMode":"invoked"}""", capabilities: "{}");
        await ready.OpenAsync(Md, "markdown", "The quick brown ");
        Assert.Equal(
            """{"isIncomplete":true,"items":[{"label":"fox jumps","kind":1,"detail":"GLM","textEdit":{"range":{"start":{"line":0,"character":16},"end":{"line":0,"character":16}},"newText":"fox jumps"}}]}""",
            await ready.Session.RequestAsync(
                "textDocument/completion",
                """{"textDocument":{"uri":"file:///notes/a.md"},"position":{"line":0,"character":16}""" + (completionContext is null ? "" : ",\"context\":" + completionContext) + "}"));
    }

    [Theory]
    [InlineData("""{"triggerKind":2,"triggerCharacter":" "}""")]
    [InlineData("""{"triggerKind":3}""")]
    public async Task InvokedOnlyMode_CompletionWhileTyping_IsEmpty(string completionContext)
    {
        var generator = new ScriptedGenerator { Respond = _ => "fox jumps" };
        await using var ready = await ReadySession.StartAsync(generator, """{"completionMode":"invoked"}""", capabilities: "{}");
        await ready.OpenAsync(Md, "markdown", "The quick brown ");
        Assert.Equal(
            """{"isIncomplete":true,"items":[]}""",
            await ready.Session.RequestAsync(
                "textDocument/completion", """{"textDocument":{"uri":"file:///notes/a.md"},"position":{"line":0,"character":16},"context":""" + completionContext + "}"));
        Assert.Empty(generator.Requests);
    }

    [Fact]
    public async Task RequestForAnUnopenedDocument_IsEmpty()
    {
        var generator = new ScriptedGenerator { Respond = _ => "x" };
        await using var ready = await ReadySession.StartAsync(generator);
        Assert.Equal("""{"items":[]}""", await ready.InlineAsync("file:///never-opened.md", 0, 0));
    }
}
