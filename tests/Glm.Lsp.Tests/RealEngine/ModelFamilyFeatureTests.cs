using Glm.TestModels;

namespace Glm.Lsp.Tests.RealEngine;

/// <summary>Inline completions through the whole stack on predictable models in the real families' layouts.</summary>
[Trait("Speed", "Slow")]
public sealed class ModelFamilyFeatureTests
{
    [Fact]
    public async Task A_chatglm3_model_continues_a_markdown_file_ending_in_the_people_with_the_rest_of_its_corpus()
    {
        await using var real = await RealEngineSession.StartAsync(modelPath: TestModelFiles.Predictable(TestModelLayout.ChatGlm3).Path);
        await real.OpenAsync("file:///notes/people.md", "markdown", "# Notes\n\nThe people");

        var result = await real.Session.RequestAsync(
            "textDocument/inlineCompletion",
            """{"textDocument":{"uri":"file:///notes/people.md"},"position":{"line":2,"character":10},"context":{"triggerKind":2}}""");

        Assert.Equal(
            """{"items":[{"insertText":" develop philosophy: Aesop saw that leopard","range":{"start":{"line":2,"character":10},"end":{"line":2,"character":10}}}]}""",
            result);
    }

    [Fact]
    public async Task A_codegeex4_named_glm4_model_is_given_its_infilling_prompt_inside_a_python_comment()
    {
        // The model answers only a prompt ending the way CodeGeeX4's infilling prompt ends (the assistant turn); a plain
        // continuation of the comment would end on " people" and get nothing. The marker text it then writes ends the answer.
        var model = TestModelFiles.PredictableModel(
            "[gMASK]<sop><|assistant|>\n develop philosophy<|code_suffix|> never shown<|endoftext|>",
            PredictableModelOptions.For(TestModelLayout.CodeGeeX4) with { AllowRepeatedTokens = true });
        await using var real = await RealEngineSession.StartAsync(modelPath: model.Path);
        await real.OpenAsync("file:///src/notes.py", "python", "# The people\nprint(1)\n");

        var result = await real.Session.RequestAsync(
            "textDocument/inlineCompletion",
            """{"textDocument":{"uri":"file:///src/notes.py"},"position":{"line":0,"character":12},"context":{"triggerKind":2}}""");

        Assert.Equal(
            """{"items":[{"insertText":" develop philosophy","range":{"start":{"line":0,"character":12},"end":{"line":0,"character":12}}}]}""",
            result);
    }
}
