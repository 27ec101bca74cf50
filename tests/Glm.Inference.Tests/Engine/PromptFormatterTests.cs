using Glm.Inference.Generation;
using Glm.Inference.Prompts;

namespace Glm.Inference.Tests.Engine;

public class PromptFormatterTests
{
    [Fact]
    public void CodeGeeX4FillInTheMiddleFollowsItsDocumentedLayout()
    {
        var formatter = new PromptFormatter(ModelProfile.CodeGeeX4, true, new LlamaChatTemplate("chatglm4"));

        var prompt = formatter.Format(new FillInTheMiddlePrompt("def f(", ")\n", "src/a.py", "Python"));

        Assert.Equal(
            "[gMASK]<sop><|user|>\n###PATH:src/a.py\n###LANGUAGE:Python\n###MODE:LINE\n<|code_suffix|>)\n<|code_prefix|>def f(<|code_middle|><|assistant|>\n",
            prompt.Text);
    }

    [Fact]
    public void BlockModeWithoutPathOrLanguage()
    {
        var formatter = new PromptFormatter(ModelProfile.CodeGeeX4, true, new LlamaChatTemplate("chatglm4"));

        var prompt = formatter.Format(new FillInTheMiddlePrompt("a", "b", MultiLine: true));

        Assert.Equal("[gMASK]<sop><|user|>\n###MODE:BLOCK\n<|code_suffix|>b<|code_prefix|>a<|code_middle|><|assistant|>\n", prompt.Text);
    }

    [Fact]
    public void ModelsWithoutFillInTheMiddleContinueThePrefix()
    {
        var formatter = new PromptFormatter(ModelProfile.Glm4, false, new LlamaChatTemplate("chatglm4"));

        var prompt = formatter.Format(new FillInTheMiddlePrompt("int x", ";"));

        Assert.Equal("[gMASK]<sop>int x", prompt.Text);
        Assert.Equal(SegmentCut.Keep, prompt.Segments[0].Cut);
    }

    [Fact]
    public void RawPromptsAreTakenAsGiven()
    {
        var formatter = new PromptFormatter(ModelProfile.Glm4, false, new LlamaChatTemplate("chatglm4"));

        Assert.Equal("[gMASK]<sop>hello", formatter.Format(new RawPrompt("[gMASK]<sop>hello")).Text);
    }

    [Fact]
    public void Chatglm4TemplateRendersSystemAndUserTurns()
    {
        var formatter = new PromptFormatter(ModelProfile.Glm4, false, new LlamaChatTemplate("chatglm4"));

        var prompt = formatter.Format(ChatPrompt.FromUser("Hello", system: "Be brief."));

        Assert.Equal("[gMASK]<sop><|system|>\nBe brief.<|user|>\nHello<|assistant|>\n", prompt.Text);
        Assert.Equal("[gMASK]<sop>", prompt.Segments[0].Text);
    }

    [Fact]
    public void Chatglm3TemplateIsLlamaCppsOwnWithLiteralSop()
    {
        var formatter = new PromptFormatter(ModelProfile.ChatGlm3, false, new LlamaChatTemplate("chatglm3"));

        var prompt = formatter.Format(ChatPrompt.FromUser("Hello"));

        Assert.Equal("[gMASK]sop<|user|>\n Hello<|assistant|>", prompt.Text);
        Assert.Equal("[gMASK]sop", prompt.Segments[0].Text);
    }

    [Fact]
    public void ChatGlm3ContinuationStartsWithItsOwnStartTokens()
    {
        var formatter = new PromptFormatter(ModelProfile.ChatGlm3, false, new LlamaChatTemplate("chatglm3"));

        Assert.Equal("[gMASK]sopint x", formatter.Format(new FillInTheMiddlePrompt("int x", ";")).Text);
    }

    [Fact]
    public void AnUnknownTemplateIsRefusedByLlamaCpp()
    {
        var template = new LlamaChatTemplate("{{ no template llama.cpp knows }}");

        // The engine relies on this to fall back to llama.cpp's built-in GLM format.
        Assert.Throws<LLama.Exceptions.MissingTemplateException>(() => template.Render([new ChatMessage(ChatRole.User, "x")]));
    }
}
