using System.Text.Json;
using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// Rewrites through the real engine on predictable models whose chat answer is chatty, as real chat models are: a
/// preamble, a fence, a closing note. The model answers every chat prompt with the text after the corpus's first
/// <c>&lt;|assistant|&gt;\n</c>, so the clean edit is known exactly. Every token of a corpus occurs once, hence the
/// varied whitespace runs (":\n\n", ".\n\n\n").
/// </summary>
[Trait("Speed", "Slow")]
public sealed class RealEngineRewriteTests
{
    private const string Md = "file:///notes/real.md";
    private const string ChatStart = "[gMASK]<sop><|user|>Hello<|assistant|>\n";
    private const string VersionedEdits = """{"workspace":{"workspaceEdit":{"documentChanges":true}},"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";

    private static string ChattyModel(string answer) => TestModelFiles.Predictable(ChatStart + answer + "<|endoftext|>");

    [Fact]
    public async Task AnEnglishPreambleAndNote_AreDropped_AndTheSelectionsOuterLineBreaksKept()
    {
        var model = ChattyModel("Here is the revised text:\n\nThis sentence reads well.\n\n\nNote: I fixed one verb");
        await using var real = await RealEngineSession.StartAsync(VersionedEdits, model);
        await real.OpenAsync(Md, "markdown", "# Notes\n\nThis sentence are bad.\n\nNext.\n");
        const string Selection = """{"start":{"line":1,"character":0},"end":{"line":3,"character":0}}""";

        var resolved = await real.Session.RequestAsync(
            "codeAction/resolve",
            """{"title":"Fix grammar and spelling","kind":"refactor.rewrite","data":{"uri":"file:///notes/real.md","version":1,"range":""" + Selection + ""","style":"fixGrammar"}}""");

        Assert.EndsWith(
            "\"edit\":" + """{"documentChanges":[{"textDocument":{"uri":"file:///notes/real.md","version":1},"edits":[{"range":""" + Selection + ""","newText":"\nThis sentence reads well.\n"}]}]}}""",
            resolved,
            StringComparison.Ordinal);
        var reports = real.Session.Client.Messages.Where(m => m.Method == "$/progress" && m.Params.Contains("\"kind\":\"report\"", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reports);
        Assert.DoesNotContain(reports, m => m.Params.Contains("Here", StringComparison.Ordinal) || m.Params.Contains("Note", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChinesePreambleFenceAndNote_AreDropped_InTheFinalTextAndEveryPartialResult()
    {
        var model = ChattyModel("以下是改写后的文本：\n```\n我们写得很好。\n```\n\n注：修改了语序");
        await using var real = await RealEngineSession.StartAsync(modelPath: model);
        await real.OpenAsync(Md, "markdown", "# 笔记\n\n我们很好的写作。\n");

        var result = await real.Session.RequestAsync(
            "glm/rewrite",
            """{"textDocument":{"uri":"file:///notes/real.md"},"range":{"start":{"line":2,"character":0},"end":{"line":3,"character":0}},"style":"improve","partialResultToken":"zh"}""");

        Assert.Equal("""{"text":"我们写得很好。\n"}""", result);
        await real.Session.Client.WaitForAsync(m => m.Params == """{"token":"zh","value":{"text":"我们写得很好。\n"}}""");
        var partials = real.Session.Client.Messages
            .Where(m => m.Method == "$/progress" && m.Params.StartsWith("{\"token\":\"zh\"", StringComparison.Ordinal))
            .Select(m => JsonDocument.Parse(m.Params).RootElement.GetProperty("value").GetProperty("text").GetString())
            .ToList();
        Assert.All(partials, p => Assert.Matches("^我(们(写(得(很(好(。)?)?)?)?)?)?\n$", p));
    }

    [Fact]
    public async Task SixteenParagraphsUnderA512TokenContext_ComeBackAsSixteenRewrittenParagraphs()
    {
        await using var real = await RealEngineSession.StartAsync(initializationOptions: """{"contextSize":512}""");
        // The selection (846 tokens) does not fit the context; each paragraph (53 tokens) fits one prompt with the
        // instruction and room for the answer, two do not: sixteen chunks, sixteen answers.
        var paragraphs = Enumerable.Range(1, 16).Select(i => $"Paragraph {i:D2} holds several words that want a formal rewrite, one by one.");
        var text = string.Join("\n\n", paragraphs);
        await real.OpenAsync(Md, "markdown", "# Notes\n\n" + text + "\n");
        Assert.InRange(real.Session.Server.Models.Generator!.CountTokens(text), 513, int.MaxValue);

        var result = await real.Session.RequestAsync(
            "glm/rewrite",
            """{"textDocument":{"uri":"file:///notes/real.md"},"range":{"start":{"line":2,"character":0},"end":{"line":33,"character":0}},"style":"formal"}""");

        var expected = string.Join("\n\n", Enumerable.Repeat(DefaultCorpus.ChatAnswer, 16)) + "\n";
        Assert.Equal(JsonSerializer.Serialize(new { text = expected }), result);
    }
}
