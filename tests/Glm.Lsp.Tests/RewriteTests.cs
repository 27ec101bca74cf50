using System.Text.RegularExpressions;
using Glm.Inference.Generation;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>Rewrite-selection code actions, codeAction/resolve with progress, and the streaming glm/rewrite request.</summary>
public sealed class RewriteTests
{
    private const string Md = "file:///notes/a.md";
    private const string WithProgress = """{"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";
    private const string Selection = """{"start":{"line":1,"character":0},"end":{"line":1,"character":9}}""";

    [Fact]
    public async Task CodeActionOnASelection_OffersSixRewritesWithoutGenerating()
    {
        var generator = new ScriptedGenerator();
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "# T\n我们很好的写作。\n");
        var actions = await ready.Session.RequestAsync("textDocument/codeAction", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}},"context":{"diagnostics":[]}}""");
        Assert.StartsWith(
            """[{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"file:///notes/a.md","version":1,"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"style":"improve"}},""",
            actions, StringComparison.Ordinal);
        Assert.Equal(
            ["Improve writing", "Make concise", "Make formal", "Fix grammar and spelling", "Translate to English", "Translate to Chinese"],
            Regex.Matches(actions, "\"title\":\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.Empty(generator.Requests);
    }

    [Fact]
    public async Task CodeActionOnAnEmptySelection_OrOnlyOtherKinds_OffersNothing()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator());
        await ready.OpenAsync(Md, "markdown", "# T\nsome text\n");
        Assert.Equal("[]", await ready.Session.RequestAsync("textDocument/codeAction", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":2}},"context":{"diagnostics":[]}}"""));
        Assert.Equal("[]", await ready.Session.RequestAsync("textDocument/codeAction", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}},"context":{"diagnostics":[],"only":["quickfix"]}}"""));
    }

    [Fact]
    public async Task Resolve_PassesTheSpeculativeDecodingSettingToTheModel()
    {
        var generator = new ScriptedGenerator { Respond = _ => "Better text." };
        await using var ready = await ReadySession.StartAsync(generator, initializationOptions: """{"speculativeDecoding":false}""");
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        await ready.Session.RequestAsync("codeAction/resolve", $$$$"""{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}}""");

        Assert.False(Assert.Single(generator.Requests).Options.SpeculativeDecoding);
    }

    [Fact]
    public async Task Resolve_ReplacesExactlyTheSelection_AndStreamsTheTextAsProgress()
    {
        var generator = new ScriptedGenerator { Respond = _ => "some text, better.\n" };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: WithProgress);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        var before = ready.Session.Client.Messages.Count;
        var resolved = await ready.Session.RequestAsync("codeAction/resolve", $$$$"""{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}}""");
        Assert.Equal(
            """{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"file:///notes/a.md","version":1,"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"style":"improve"},"edit":{"changes":{"file:///notes/a.md":[{"range":{"start":{"line":1,"character":0},"end":{"line":1,"character":9}},"newText":"some text, better."}]}}}""",
            resolved);

        await ready.Session.Client.WaitForAsync(m => m.Params.Contains("glm/rewrite/", StringComparison.Ordinal) && m.Params.Contains("\"kind\":\"end\"", StringComparison.Ordinal));
        var chat = Assert.IsType<ChatPrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal(
            "<text>\nsome text\n</text>\n\nImprove the writing of the text between <text> and </text>. Keep its meaning and its language. Answer with the improved text only.",
            chat.Messages[^1].Content);
        Assert.Equal(
            [
                """{"token":"T"}""",
                """{"token":"T","value":{"kind":"begin","title":"Improve writing","cancellable":false}}""",
                """{"token":"T","value":{"kind":"report","message":"some"}}""",
                """{"token":"T","value":{"kind":"report","message":"some tex"}}""",
                """{"token":"T","value":{"kind":"report","message":"some text, b"}}""",
                """{"token":"T","value":{"kind":"report","message":"some text, bette"}}""",
                """{"token":"T","value":{"kind":"report","message":"some text, better."}}""",
                """{"token":"T","value":{"kind":"end","message":"Done"}}""",
            ],
            ready.Session.Client.Messages.Skip(before).Where(m => m.Params.Contains("glm/rewrite/", StringComparison.Ordinal))
                .Select(m => Regex.Replace(m.Params, "glm/rewrite/\\d+", "T")));
    }

    [Fact]
    public async Task ResolveAfterTheDocumentChanged_FailsWithContentModified()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator { Respond = _ => "x" });
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        await ready.Session.NotifyAsync("textDocument/didChange", """{"textDocument":{"uri":"file:///notes/a.md","version":2},"contentChanges":[{"text":"other"}]}""");
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => ready.Session.RequestAsync("codeAction/resolve", $$$$"""{"title":"Improve writing","kind":"refactor.rewrite","data":{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"improve"}}"""));
        Assert.Equal(-32801, error.ErrorCode);
        Assert.Equal("The document changed since the action was offered: file:///notes/a.md", error.Message);
    }

    [Fact]
    public async Task GlmRewrite_StreamsPartialResultsThenReturnsTheText()
    {
        var generator = new ScriptedGenerator { Respond = _ => "some text, short." };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        var result = await ready.Session.RequestAsync("glm/rewrite", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}},"instruction":"Shorten it.","partialResultToken":"p1"}""");
        Assert.Equal("""{"text":"some text, short."}""", result);

        // The server writes every partial result before the response; the client library may run its handlers later.
        await ready.Session.Client.WaitForAsync(m => m.Params == """{"token":"p1","value":{"text":"some text, short."}}""");
        Assert.Equal(
            [
                """{"token":"p1","value":{"text":"some"}}""",
                """{"token":"p1","value":{"text":"some tex"}}""",
                """{"token":"p1","value":{"text":"some text, s"}}""",
                """{"token":"p1","value":{"text":"some text, short"}}""",
                """{"token":"p1","value":{"text":"some text, short."}}""",
            ],
            ready.Session.Client.Messages.Where(m => m.Method == "$/progress" && m.Params.Contains("p1", StringComparison.Ordinal)).Select(m => m.Params));
        Assert.Equal("<text>\nsome text\n</text>\n\nShorten it.", Assert.IsType<ChatPrompt>(Assert.Single(generator.Requests).Prompt).Messages[^1].Content);
    }

    [Fact]
    public async Task GlmRewrite_WithTestSpacing_SendsThePartialResultsAtLeastThatFarApart()
    {
        // The VS Code end-to-end test sets the partial-result-spacing-ms diagnostic switch so the editor renders the preview
        // streaming; the same five partial results, each sent after a wait of 80 ms.
        var generator = new ScriptedGenerator { Respond = _ => "some text, short." };
        await using var ready = await ReadySession.StartAsync(generator, switches: new DiagnosticSwitches(PartialResultSpacing: TimeSpan.FromMilliseconds(80)));
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await ready.Session.RequestAsync("glm/rewrite", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}},"instruction":"Shorten it.","partialResultToken":"p1"}""");
        var elapsed = clock.Elapsed;

        Assert.Equal("""{"text":"some text, short."}""", result);
        await ready.Session.Client.WaitForAsync(m => m.Params == """{"token":"p1","value":{"text":"some text, short."}}""");
        Assert.Equal(
            [
                """{"token":"p1","value":{"text":"some"}}""",
                """{"token":"p1","value":{"text":"some tex"}}""",
                """{"token":"p1","value":{"text":"some text, s"}}""",
                """{"token":"p1","value":{"text":"some text, short"}}""",
                """{"token":"p1","value":{"text":"some text, short."}}""",
            ],
            ready.Session.Client.Messages.Where(m => m.Method == "$/progress" && m.Params.Contains("p1", StringComparison.Ordinal)).Select(m => m.Params));
        // At least four waits of 80 ms came before the answer. Task.Delay may end up to a timer tick (1 ms on Linux,
        // 15.6 ms on Windows) before a Stopwatch says 80 ms have passed, so the bound allows 20 ms per wait: without the
        // spacing the answer takes a few milliseconds, far below it.
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(4 * (80 - 20)), $"answered after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task CancelRequest_StopsAResolveMidGeneration_AndEndsItsProgress()
    {
        var generator = new ScriptedGenerator { Respond = _ => "never finished", Gate = new TaskCompletionSource().Task };
        await using var ready = await ReadySession.StartAsync(generator, capabilities: WithProgress);
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        using var cancellation = new CancellationTokenSource();
        var pending = ready.Session.RequestAsync("codeAction/resolve", $$$$"""{"title":"Make concise","kind":"refactor.rewrite","data":{"uri":"{{{{Md}}}}","version":1,"range":{{{{Selection}}}},"style":"concise"}}""", cancellation.Token);
        await ReadySession.WaitUntil(() => generator.Requests.Count == 1);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await ReadySession.WaitUntil(() => generator.Cancellations == 1);
        var end = await ready.Session.Client.WaitForAsync(m => m.Params.Contains("glm/rewrite/", StringComparison.Ordinal) && m.Params.Contains("\"kind\":\"end\"", StringComparison.Ordinal));
        Assert.EndsWith("""{"kind":"end","message":"Cancelled"}}""", end.Params, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlmRewrite_WithoutStyleOrInstruction_IsInvalidParams()
    {
        await using var ready = await ReadySession.StartAsync(new ScriptedGenerator());
        await ready.OpenAsync(Md, "markdown", "# T\nsome text here\n");
        // StreamJsonRpc's client surfaces -32602 as RemoteMethodNotFoundException; the code on the wire is InvalidParams.
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => ready.Session.RequestAsync("glm/rewrite", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}}}"""));
        Assert.Equal(-32602, (int)error.ErrorCode);
        Assert.Equal("glm/rewrite needs a known 'style' or an 'instruction'.", error.Message);
    }

    [Fact]
    public async Task ModelNotReady_OffersNoActions()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        await session.NotifyAsync("textDocument/didOpen", """{"textDocument":{"uri":"file:///notes/a.md","languageId":"markdown","version":1,"text":"# T\nsome text\n"}}""");
        Assert.Equal("[]", await session.RequestAsync("textDocument/codeAction", $$$$"""{"textDocument":{"uri":"{{{{Md}}}}"},"range":{{{{Selection}}}},"context":{"diagnostics":[]}}"""));
    }
}
