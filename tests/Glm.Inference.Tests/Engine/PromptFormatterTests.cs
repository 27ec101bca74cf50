using Glm.Inference.Generation;
using Glm.Inference.Prompts;

namespace Glm.Inference.Tests.Engine;

public class PromptFormatterTests
{
    [Fact]
    public void CodeGeeX4FillInTheMiddleFollowsItsDocumentedLayout()
    {
        var formatter = new PromptFormatter(ModelProfile.CodeGeeX4, true);

        var prompt = formatter.Format(new FillInTheMiddlePrompt("def f(", ")\n", "src/a.py", "python"));

        Assert.Equal(
            "[gMASK]<sop><|user|>\n###PATH:src/a.py\n###LANGUAGE:Python\n###MODE:LINE\n<|code_suffix|>)\n<|code_prefix|>def f(<|code_middle|><|assistant|>\n",
            prompt.Text);
        Assert.Equal(
            ["[gMASK]<sop><|user|>", "<|code_suffix|>", "<|code_prefix|>", "<|code_middle|>", "<|assistant|>\n"],
            prompt.Segments.Where(s => s.Kind == SegmentKind.Scaffolding).Select(s => s.Text));
        Assert.Empty(prompt.StopStrings);
    }

    [Fact]
    public void CodeGeeX4WithTextMarkersGetsThemAsContentAndStopsOnThem()
    {
        var formatter = new PromptFormatter(ModelProfile.CodeGeeX4, true, fillInTheMiddleMarkersAreTokens: false);

        var prompt = formatter.Format(new FillInTheMiddlePrompt("# The people", "\n", "notes.py", "python"));

        Assert.Equal(
            "[gMASK]<sop><|user|>\n###PATH:notes.py\n###LANGUAGE:Python\n###MODE:LINE\n<|code_suffix|>\n<|code_prefix|># The people<|code_middle|><|assistant|>\n",
            prompt.Text);
        Assert.Equal(["[gMASK]<sop><|user|>", "<|assistant|>\n"], prompt.Segments.Where(s => s.Kind == SegmentKind.Scaffolding).Select(s => s.Text));
        Assert.Equal(["<|code_suffix|>", "<|code_prefix|>", "<|code_middle|>"], prompt.StopStrings);
    }

    [Fact]
    public void BlockModeWithoutPathHasAnEmptyLanguageLine()
    {
        var formatter = new PromptFormatter(ModelProfile.CodeGeeX4, true);

        var prompt = formatter.Format(new FillInTheMiddlePrompt("a", "b", MultiLine: true));

        Assert.Equal("[gMASK]<sop><|user|>\n###LANGUAGE:\n###MODE:BLOCK\n<|code_suffix|>b<|code_prefix|>a<|code_middle|><|assistant|>\n", prompt.Text);
    }

    [Theory]
    [InlineData("python", "Python")]
    [InlineData("typescriptreact", "TypeScript")]
    [InlineData("cpp", "C++")]
    [InlineData("shellscript", "Shell")]
    [InlineData("zig", "Zig")]
    [InlineData(null, "")]
    public void LanguageNamesAreTheGuidesCapitalisedOnes(string? languageId, string expected) =>
        Assert.Equal(expected, CodeGeeX4Infill.LanguageName(languageId));

    [Fact]
    public void ModelsWithoutFillInTheMiddleContinueThePrefixAsContent()
    {
        var formatter = new PromptFormatter(ModelProfile.Glm4, false);

        var prompt = formatter.Format(new FillInTheMiddlePrompt("int x", ";"));

        Assert.Equal("[gMASK]<sop>int x", prompt.Text);
        Assert.Equal(SegmentCut.Keep, prompt.Segments[0].Cut);
        Assert.Equal(SegmentKind.Content, prompt.Segments[1].Kind);
    }

    [Fact]
    public void RawPromptsAreTakenAsGivenAsScaffolding()
    {
        var formatter = new PromptFormatter(ModelProfile.Glm4, false);

        var prompt = formatter.Format(new RawPrompt("[gMASK]<sop>hello"));

        Assert.Equal("[gMASK]<sop>hello", prompt.Text);
        Assert.Equal(SegmentKind.Scaffolding, Assert.Single(prompt.Segments).Kind);
    }

    [Theory]
    [InlineData(ModelProfile.Glm4, "chatglm4")]
    [InlineData(ModelProfile.Glm4_0414, "chatglm4")]
    [InlineData(ModelProfile.CodeGeeX4, "chatglm4")]
    [InlineData(ModelProfile.ChatGlm3, "chatglm3")]
    public void ChatLayoutsAreLlamaCppsOwnRenderingWithMessagesAsContent(ModelProfile profile, string llamaCppTemplate)
    {
        var formatter = new PromptFormatter(profile, false);
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Say <|user|> and sop."),
            new(ChatRole.Assistant, "Done."),
            new(ChatRole.User, "Again"),
        ];

        var prompt = formatter.Format(new ChatPrompt(messages));

        Assert.Equal(new LlamaChatTemplate(llamaCppTemplate).Render(messages), prompt.Text);
        Assert.Equal(
            messages.Select(m => (profile == ModelProfile.ChatGlm3 ? "\n " : "\n") + m.Content),
            prompt.Segments.Where(s => s.Kind == SegmentKind.Content).Select(s => s.Text));
        Assert.Equal(profile == ModelProfile.ChatGlm3, prompt.AnswerHasHeaderLine);
    }

    [Fact]
    public void GlmEdge_chat_is_llama_cpps_glmedge_rendering_with_the_newline_after_the_assistant_tag()
    {
        var formatter = new PromptFormatter(ModelProfile.GlmEdge, false);
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Say <|user|> and [gMASK].")];

        var prompt = formatter.Format(new ChatPrompt(messages));

        Assert.Equal("<|system|>\nBe brief.<|user|>\nSay <|user|> and [gMASK].<|assistant|>\n", prompt.Text);
        Assert.Equal(new LlamaChatTemplate("glmedge").Render(messages) + "\n", prompt.Text);
        Assert.Equal(["\nBe brief.", "\nSay <|user|> and [gMASK]."], prompt.Segments.Where(s => s.Kind == SegmentKind.Content).Select(s => s.Text));
        Assert.False(prompt.AnswerHasHeaderLine);
    }

    [Fact]
    public void GlmEdge_continues_the_prefix_without_start_tokens()
    {
        var prompt = new PromptFormatter(ModelProfile.GlmEdge, false).Format(new FillInTheMiddlePrompt("The notes", " end"));

        Assert.Equal("The notes", prompt.Text);
        Assert.Equal(SegmentKind.Content, Assert.Single(prompt.Segments).Kind);
        Assert.Equal(string.Empty, PromptFormatter.StartTokensFor(ModelProfile.GlmEdge));
    }

    [Fact]
    public void ChatGlm3ChatHasItsStartTokensAndNoNewlineAfterTheAssistantTag()
    {
        var formatter = new PromptFormatter(ModelProfile.ChatGlm3, false);

        var prompt = formatter.Format(ChatPrompt.FromUser("Hello"));

        Assert.Equal("[gMASK]sop<|user|>\n Hello<|assistant|>", prompt.Text);
        Assert.Equal("[gMASK]sop", prompt.Segments[0].Text);
    }

    [Fact]
    public void ChatGlm3ContinuationStartsWithItsOwnStartTokens()
    {
        var formatter = new PromptFormatter(ModelProfile.ChatGlm3, false);

        Assert.Equal("[gMASK]sopint x", formatter.Format(new FillInTheMiddlePrompt("int x", ";")).Text);
    }
}
