using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;
using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// Every feature through the whole stack: protocol, documents, context detection, prompts, the llama.cpp engine and the
/// predictable model. The model continues any prefix ending on a corpus piece with the rest of its corpus and answers
/// every chat prompt with <see cref="DefaultCorpus.ChatAnswer"/>, so each result is known exactly.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class RealEngineFeatureTests
{
    private const string Md = "file:///notes/real.md";
    private const string RestOfCorpus =
        " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。";

    [Fact]
    public async Task InlineCompletionInMarkdown_IsTheModelsExactContinuation()
    {
        await using var real = await RealEngineSession.StartAsync();
        await real.OpenAsync(Md, "markdown", "# Notes\n\nGood documentation explains why");

        var result = await real.Session.RequestAsync(
            "textDocument/inlineCompletion",
            """{"textDocument":{"uri":"file:///notes/real.md"},"position":{"line":2,"character":31},"context":{"triggerKind":2}}""");

        Assert.Equal(
            "{\"items\":[{\"insertText\":\"" + RestOfCorpus + "\",\"range\":{\"start\":{\"line\":2,\"character\":31},\"end\":{\"line\":2,\"character\":31}}}]}",
            result);
    }

    [Fact]
    public async Task TwoIdenticalInlineRequestsSentTogether_BothGetTheContinuationFromOneGeneration()
    {
        var decodes = new DecodeGate();
        var log = new RecordingLoggerFactory();
        await using var real = await RealEngineSession.StartAsync(switches: new DiagnosticSwitches(RequestStats: true), engineHooks: decodes, log: log);
        await real.OpenAsync(Md, "markdown", "# Notes\n\nGood documentation explains why");
        const string Request = """{"textDocument":{"uri":"file:///notes/real.md"},"position":{"line":2,"character":31},"context":{"triggerKind":2}}""";

        // The model is held inside its first decode call until the second request has joined: on a loaded machine the
        // first could otherwise finish before the second arrives, and the second would rightly generate again.
        decodes.Close();
        var first = real.Session.RequestAsync("textDocument/inlineCompletion", Request);
        var second = real.Session.RequestAsync("textDocument/inlineCompletion", Request);
        try
        {
            await ReadySession.WaitUntil(() => log.Lines.Contains("Completion for file:///notes/real.md v1 joined an identical request in flight"));
        }
        finally
        {
            decodes.Open();
        }

        var expected = "{\"items\":[{\"insertText\":\"" + RestOfCorpus + "\",\"range\":{\"start\":{\"line\":2,\"character\":31},\"end\":{\"line\":2,\"character\":31}}}]}";
        Assert.Equal(expected, await first);
        Assert.Equal(expected, await second);
        Assert.Equal(["generated", "joined"], (await StatsOfBoth(real)).Order(StringComparer.Ordinal));
    }

    private static async Task<IEnumerable<string>> StatsOfBoth(RealEngineSession real)
    {
        await real.Session.Client.WaitForAsync(_ => real.Session.Client.Messages.Count(m => m.Method == "glm/requestStats") >= 2);
        return real.Session.Client.Messages
            .Where(m => m.Method == "glm/requestStats")
            .Select(m => System.Text.Json.JsonDocument.Parse(m.Params).RootElement.GetProperty("outcome").GetString() ?? "");
    }

    [Fact]
    public async Task InlineCompletionInsideAFencedCodeBlock_IsRefusedWithoutGenerating()
    {
        await using var real = await RealEngineSession.StartAsync();
        await real.OpenAsync(Md, "markdown", "Text\n\n```python\nGood documentation explains why\n```\n");

        Assert.Equal(
            """{"items":[]}""",
            await real.Session.RequestAsync(
                "textDocument/inlineCompletion",
                """{"textDocument":{"uri":"file:///notes/real.md"},"position":{"line":3,"character":31},"context":{"triggerKind":2}}"""));
    }

    [Fact]
    public async Task RewriteCodeAction_ResolvesToAnEditReplacingExactlyTheSelection()
    {
        await using var real = await RealEngineSession.StartAsync();
        await real.OpenAsync(Md, "markdown", "# Notes\n\nThis sentence are bad.\n");
        const string Selection = """{"start":{"line":2,"character":0},"end":{"line":2,"character":22}}""";

        var resolved = await real.Session.RequestAsync(
            "codeAction/resolve",
            "{\"title\":\"Fix grammar and spelling\",\"kind\":\"refactor.rewrite\",\"data\":{\"uri\":\"" + Md + "\",\"version\":1,\"range\":" + Selection + ",\"style\":\"fixGrammar\"}}");

        Assert.Contains(
            "\"edit\":{\"changes\":{\"" + Md + "\":[{\"range\":" + Selection + ",\"newText\":\"" + DefaultCorpus.ChatAnswer + "\"}]}}",
            resolved,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlmRewrite_StreamsPartialResultsEndingWithTheFinalText()
    {
        await using var real = await RealEngineSession.StartAsync();
        await real.OpenAsync(Md, "markdown", "Rewrite me please.\n");

        var result = await real.Session.RequestAsync(
            "glm/rewrite",
            """{"textDocument":{"uri":"file:///notes/real.md"},"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":18}},"style":"formal","partialResultToken":"rw"}""");

        Assert.Equal("{\"text\":\"" + DefaultCorpus.ChatAnswer + "\"}", result);
        var last = await real.Session.Client.WaitForAsync(m =>
            m.Method == "$/progress" && m.Params == "{\"token\":\"rw\",\"value\":{\"text\":\"" + DefaultCorpus.ChatAnswer + "\"}}");
        Assert.Equal("$/progress", last.Method);
        Assert.True(
            real.Session.Client.Messages.Count(m => m.Method == "$/progress" && m.Params.StartsWith("{\"token\":\"rw\"", StringComparison.Ordinal)) > 1,
            "The rewrite should arrive in several partial results, not one.");
    }

    [Theory]
    [InlineData("file:///src/a.cs", "csharp", "class A\n{\n    // 计算总和\n    int x;\n}\n", 2, 9)]
    [InlineData("file:///src/a.py", "python", "def f(xs):\n    # 返回列表的和\n    return sum(xs)\n", 1, 8)]
    public async Task HoverOnAChineseComment_ShowsTheModelsTranslation(string uri, string languageId, string text, int line, int character)
    {
        await using var real = await RealEngineSession.StartAsync();
        await real.OpenAsync(uri, languageId, text);

        var hover = await real.Session.RequestAsync(
            "textDocument/hover",
            "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":" + line + ",\"character\":" + character + "}}");

        Assert.StartsWith(
            "{\"contents\":{\"kind\":\"markdown\",\"value\":\"**GLM translation (English)**\\n\\n" + DefaultCorpus.ChatAnswer + "\"}",
            hover,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ReportsTheLoadedModelAndBackend()
    {
        await using var real = await RealEngineSession.StartAsync();

        var status = await real.Session.RequestAsync("glm/getStatus");

        Assert.StartsWith("{\"state\":\"ready\",\"model\":\"glm-lsp predictable test model\",\"backend\":\"CPU (", status, StringComparison.Ordinal);
    }
}
