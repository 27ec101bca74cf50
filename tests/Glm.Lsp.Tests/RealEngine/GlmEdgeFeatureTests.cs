using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>Inline completions and rewrites through the whole stack on predictable models in GLM-Edge's layout, whose
/// prompts carry no start tokens.</summary>
[Trait("Speed", "Slow")]
public sealed class GlmEdgeFeatureTests
{
    private const string Md = "file:///notes/edge.md";

    [Fact]
    public async Task A_glm_edge_model_continues_a_markdown_file_with_the_rest_of_its_corpus()
    {
        await using var real = await RealEngineSession.StartAsync(modelPath: TestModelFiles.Predictable(TestModelLayout.GlmEdge).Path);
        // The document ends on a piece of the corpus (" 山川异域"); GLM-4's pre-tokenizer joins "，" to the letters after it.
        await real.OpenAsync(Md, "markdown", "# Notes\n\nNotes: 山川异域");

        var result = await real.Session.RequestAsync(
            "textDocument/inlineCompletion",
            """{"textDocument":{"uri":"file:///notes/edge.md"},"position":{"line":2,"character":11},"context":{"triggerKind":1}}""");

        Assert.Equal(
            """{"items":[{"insertText":"，风月同天。","range":{"start":{"line":2,"character":11},"end":{"line":2,"character":11}}}]}""",
            result);
    }

    [Fact]
    public async Task A_chatty_glm_edge_answer_becomes_the_clean_text_with_the_selections_line_break_kept()
    {
        var answer = BehaviourCorpora.EnglishPreamble;
        var model = TestModelFiles.Predictable(
            BehaviourCorpora.ScriptedChat(answer.Answer, TestModelLayout.GlmEdge), PredictableModelOptions.For(TestModelLayout.GlmEdge));
        await using var real = await RealEngineSession.StartAsync(modelPath: model);
        await real.OpenAsync(Md, "markdown", "# Notes\n\nThe meeting are moved.\n");

        var result = await real.Session.RequestAsync(
            "glm/rewrite",
            """{"textDocument":{"uri":"file:///notes/edge.md"},"range":{"start":{"line":2,"character":0},"end":{"line":3,"character":0}},"style":"fixGrammar"}""");

        Assert.Equal("""{"text":"Our meeting moved to Friday because a room was booked.\n"}""", result);
    }
}
