using Glm.Inference.Generation;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>Comment translation: hover (with cache and time budget), translate-comment code actions, glm.translate.</summary>
public sealed class TranslationTests
{
    private const string Cs = "file:///src/a.cs";

    private static string Hover(string uri, int line, int character) =>
        "{\"textDocument\":{\"uri\":\"" + uri + "\"},\"position\":{\"line\":" + line + ",\"character\":" + character + "}}";

    private static ScriptedGenerator Translator() => new()
    {
        Respond = r => ((ChatPrompt)r.Prompt).Messages[^1].Content switch
        {
            var c when c.Contains("<text>\n计算总和\n</text>", StringComparison.Ordinal) => "Compute the total",
            var c when c.Contains("<text>\n第一行\n第二行\n</text>", StringComparison.Ordinal) => "First line\nSecond line",
            var c when c.Contains("<text>\n返回列表的和\n</text>", StringComparison.Ordinal) => "Return the sum of the list",
            var c when c.Contains("<text>\n这是注释\n</text>", StringComparison.Ordinal) => "This is a comment",
            var c when c.Contains("<text>\nSum the values\n</text>", StringComparison.Ordinal) => "求和",
            _ => "?",
        },
    };

    [Fact]
    public async Task HoverOnAChineseCSharpComment_ShowsTheEnglishTranslation()
    {
        var generator = Translator();
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.OpenAsync(Cs, "csharp", "class A\n{\n    // 计算总和\n    int x;\n}\n");
        Assert.Equal(
            """{"contents":{"kind":"markdown","value":"**GLM translation (English)**\n\nCompute the total"},"range":{"start":{"line":2,"character":7},"end":{"line":2,"character":11}}}""",
            await ready.Session.RequestAsync("textDocument/hover", Hover(Cs, 2, 9)));
        var chat = Assert.IsType<ChatPrompt>(Assert.Single(generator.Requests).Prompt);
        Assert.Equal("<text>\n计算总和\n</text>\n\n" + RewriteStyle.Find("toEnglish")!.Instruction, chat.Messages[^1].Content);
        Assert.Equal(RequestPriority.UserAction, generator.Requests.Single().Priority);
    }

    [Fact]
    public async Task HoverOnAdjacentLineComments_TranslatesThemAsOneBlock()
    {
        await using var ready = await ReadySession.StartAsync(Translator());
        await ready.OpenAsync(Cs, "csharp", "// 第一行\n// 第二行\nint x;\n");
        Assert.Equal(
            """{"contents":{"kind":"markdown","value":"**GLM translation (English)**\n\nFirst line\nSecond line"},"range":{"start":{"line":0,"character":3},"end":{"line":1,"character":6}}}""",
            await ready.Session.RequestAsync("textDocument/hover", Hover(Cs, 1, 4)));
    }

    [Fact]
    public async Task HoverInPython_CommentAndDocstring()
    {
        await using var ready = await ReadySession.StartAsync(Translator());
        await ready.OpenAsync("file:///src/a.py", "python", "def f(xs):\n    \"\"\"返回列表的和\"\"\"\n    # 计算总和\n    return sum(xs)\n");
        Assert.Equal(
            """{"contents":{"kind":"markdown","value":"**GLM translation (English)**\n\nReturn the sum of the list"},"range":{"start":{"line":1,"character":7},"end":{"line":1,"character":13}}}""",
            await ready.Session.RequestAsync("textDocument/hover", Hover("file:///src/a.py", 1, 9)));
        Assert.Contains("Compute the total", await ready.Session.RequestAsync("textDocument/hover", Hover("file:///src/a.py", 2, 8)), StringComparison.Ordinal);
        Assert.Equal("null", await ready.Session.RequestAsync("textDocument/hover", Hover("file:///src/a.py", 3, 8)));
    }

    [Fact]
    public async Task HoverOnAMarkdownComment_TranslatesIt_ProseIsLeftAlone()
    {
        await using var ready = await ReadySession.StartAsync(Translator());
        await ready.OpenAsync("file:///notes/a.md", "markdown", "# 标题\n\n<!-- 这是注释 -->\n\nSome prose.\n");
        Assert.Equal(
            """{"contents":{"kind":"markdown","value":"**GLM translation (English)**\n\nThis is a comment"},"range":{"start":{"line":2,"character":5},"end":{"line":2,"character":9}}}""",
            await ready.Session.RequestAsync("textDocument/hover", Hover("file:///notes/a.md", 2, 6)));
        Assert.Equal("null", await ready.Session.RequestAsync("textDocument/hover", Hover("file:///notes/a.md", 4, 3)));
    }

    [Fact]
    public async Task EnglishComment_IsTranslatedIntoChinese()
    {
        await using var ready = await ReadySession.StartAsync(Translator());
        await ready.OpenAsync(Cs, "csharp", "// Sum the values\nint x;\n");
        Assert.Contains("**GLM translation (Chinese)**\\n\\n求和", await ready.Session.RequestAsync("textDocument/hover", Hover(Cs, 0, 5)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowTranslation_HoverAnswersWithinTheBudget_AndTheNextHoverShowsTheCachedResult()
    {
        var release = new TaskCompletionSource();
        var generator = Translator();
        generator.Gate = release.Task;
        await using var ready = await ReadySession.StartAsync(generator, """{"hoverTimeBudgetMs":50}""");
        await ready.OpenAsync(Cs, "csharp", "// 计算总和\nint x;\n");
        Assert.Equal(
            """{"contents":{"kind":"markdown","value":"*GLM is translating this comment into English…* Hover again in a moment to see it."},"range":{"start":{"line":0,"character":3},"end":{"line":0,"character":7}}}""",
            await ready.Session.RequestAsync("textDocument/hover", Hover(Cs, 0, 4)));
        release.SetResult();
        await ReadySession.WaitUntil(() => ready.Session.RequestAsync("textDocument/hover", Hover(Cs, 0, 4)).Result.Contains("Compute the total", StringComparison.Ordinal));
        Assert.Single(generator.Requests);
    }

    [Fact]
    public async Task CodeActionsOnAComment_TranslateInPlaceOrBelow_KeepingMarkersAndIndentation()
    {
        await using var ready = await ReadySession.StartAsync(Translator());
        await ready.OpenAsync(Cs, "csharp", "class A\n{\n    // 第一行\n    // 第二行\n    int x;\n}\n");
        var actions = await ready.Session.RequestAsync("textDocument/codeAction", """{"textDocument":{"uri":"file:///src/a.cs"},"range":{"start":{"line":2,"character":8},"end":{"line":2,"character":8}},"context":{"diagnostics":[]}}""");
        const string Range = """{"start":{"line":2,"character":7},"end":{"line":3,"character":10}}""";
        Assert.Equal(
            "[{\"title\":\"Translate comment\",\"kind\":\"refactor.rewrite\",\"data\":{\"uri\":\"file:///src/a.cs\",\"version\":1,\"range\":" + Range + ",\"style\":\"translateComment\"}},"
            + "{\"title\":\"Add translation below\",\"kind\":\"refactor.rewrite\",\"data\":{\"uri\":\"file:///src/a.cs\",\"version\":1,\"range\":" + Range + ",\"style\":\"addTranslationBelow\"}}]",
            actions);

        var replaced = await ready.Session.RequestAsync("codeAction/resolve", "{\"title\":\"Translate comment\",\"kind\":\"refactor.rewrite\",\"data\":{\"uri\":\"file:///src/a.cs\",\"version\":1,\"range\":" + Range + ",\"style\":\"translateComment\"}}");
        Assert.EndsWith(
            "\"edit\":{\"changes\":{\"file:///src/a.cs\":[{\"range\":" + Range + ",\"newText\":\"First line\\n    // Second line\"}]}}}",
            replaced, StringComparison.Ordinal);

        var below = await ready.Session.RequestAsync("codeAction/resolve", "{\"title\":\"Add translation below\",\"kind\":\"refactor.rewrite\",\"data\":{\"uri\":\"file:///src/a.cs\",\"version\":1,\"range\":" + Range + ",\"style\":\"addTranslationBelow\"}}");
        Assert.EndsWith(
            "\"edit\":{\"changes\":{\"file:///src/a.cs\":[{\"range\":{\"start\":{\"line\":3,\"character\":10},\"end\":{\"line\":3,\"character\":10}},\"newText\":\"\\n    // First line\\n    // Second line\"}]}}}",
            below, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GlmTranslateCommand_TranslatesTextOrTheCommentAtAPosition()
    {
        await using var ready = await ReadySession.StartAsync(Translator());
        await ready.OpenAsync(Cs, "csharp", "// 计算总和\nint x;\n");
        Assert.Equal(
            """{"text":"Compute the total","targetLanguage":"English"}""",
            await ready.Session.RequestAsync("workspace/executeCommand", """{"command":"glm.translate","arguments":[{"text":"计算总和"}]}"""));
        Assert.Equal(
            """{"text":"Compute the total","targetLanguage":"English"}""",
            await ready.Session.RequestAsync("workspace/executeCommand", """{"command":"glm.translate","arguments":[{"textDocument":{"uri":"file:///src/a.cs"},"position":{"line":0,"character":4}}]}"""));
    }
}
