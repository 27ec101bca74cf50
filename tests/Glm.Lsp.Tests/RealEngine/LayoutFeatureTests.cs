using System.Text.Encodings.Web;
using System.Text.Json;
using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>
/// The features whose behaviour depends on the model family, through the whole stack on predictable models in each
/// real family's layout: inline completion (tokenization, stops, CodeGeeX4's infilling prompt), hovers (chat templates)
/// and rewrites of chatty answers (templates, stops, ChatGLM3's header line, cleaning), each with its exact output.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class LayoutFeatureTests
{
    private const string Md = "file:///notes/layout.md";

    private const string RestOfProse =
        " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TheoryData<TestModelLayout> Layouts =>
        [TestModelLayout.Glm4, TestModelLayout.ChatGlm3, TestModelLayout.Glm4_0414, TestModelLayout.CodeGeeX4];

    /// <summary>Every layout with every chatty answer of <see cref="BehaviourCorpora.ChattyAnswers"/>, by name.</summary>
    public static TheoryData<TestModelLayout, string> LayoutsAndChattyAnswers
    {
        get
        {
            var data = new TheoryData<TestModelLayout, string>();
            foreach (var layout in Layouts)
            {
                foreach (var answer in BehaviourCorpora.ChattyAnswers)
                {
                    data.Add(layout, answer.Name);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Inline_completion_in_markdown_is_the_layouts_exact_answer(TestModelLayout layout)
    {
        await using var real = await RealEngineSession.StartAsync(modelPath: TestModelFiles.Predictable(layout).Path);
        await real.OpenAsync(Md, "markdown", "# Notes\n\nGood documentation explains why");

        var result = await real.Session.RequestAsync(
            "textDocument/inlineCompletion",
            """{"textDocument":{"uri":"file:///notes/layout.md"},"position":{"line":2,"character":31},"context":{"triggerKind":2}}""");

        // CodeGeeX4 gets its infilling prompt, which ends with the assistant turn its corpus answers; the others continue
        // the prose (ChatGLM3's corpus goes on with the words that hold its sop/eop control tokens).
        var expected = layout switch
        {
            TestModelLayout.CodeGeeX4 => DefaultCorpus.ChatAnswer,
            TestModelLayout.ChatGlm3 => RestOfProse + " " + DefaultCorpus.ControlWordProse,
            _ => RestOfProse,
        };
        Assert.Equal(
            "{\"items\":[{\"insertText\":" + JsonSerializer.Serialize(expected, Readable) + ",\"range\":{\"start\":{\"line\":2,\"character\":31},\"end\":{\"line\":2,\"character\":31}}}]}",
            result);
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task A_hover_on_a_chinese_comment_shows_the_chat_answer_on_every_layout(TestModelLayout layout)
    {
        await using var real = await RealEngineSession.StartAsync(modelPath: TestModelFiles.Predictable(layout).Path);
        await real.OpenAsync("file:///src/a.py", "python", "def f(xs):\n    # 返回列表的和\n    return sum(xs)\n");

        var hover = await real.Session.RequestAsync(
            "textDocument/hover", """{"textDocument":{"uri":"file:///src/a.py"},"position":{"line":1,"character":8}}""");

        Assert.Equal(
            "{\"contents\":{\"kind\":\"markdown\",\"value\":\"**GLM translation (English)**\\n\\n" + DefaultCorpus.ChatAnswer
            + "\"},\"range\":{\"start\":{\"line\":1,\"character\":6},\"end\":{\"line\":1,\"character\":12}}}",
            hover);
    }

    [Theory]
    [MemberData(nameof(LayoutsAndChattyAnswers))]
    public async Task A_chatty_answer_becomes_the_clean_text_with_the_selections_outer_line_breaks(TestModelLayout layout, string answerName)
    {
        var answer = BehaviourCorpora.ChattyAnswers.Single(a => a.Name == answerName);
        var model = TestModelFiles.Predictable(BehaviourCorpora.ScriptedChat(answer.Answer, layout), PredictableModelOptions.For(layout));
        await using var real = await RealEngineSession.StartAsync(modelPath: model);
        await real.OpenAsync(Md, "markdown", "# Notes\n\nThe draft sentence goes here.\n\nNext.\n");

        var result = await real.Session.RequestAsync(
            "glm/rewrite",
            """{"textDocument":{"uri":"file:///notes/layout.md"},"range":{"start":{"line":1,"character":0},"end":{"line":3,"character":0}},"style":"improve"}""");

        Assert.Equal(JsonSerializer.Serialize(new { text = "\n" + answer.Clean + "\n" }, Readable), result);
    }
}
