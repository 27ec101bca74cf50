using Glm.Inference.Generation;

namespace Glm.Inference.Prompts;

/// <summary>
/// Writes prompts in the format of a GLM family member. Chat goes through the model's own chat template (rendered by
/// llama.cpp); fill-in-the-middle uses CodeGeeX4's format, or a plain continuation of the prefix for models without it.
/// </summary>
/// <param name="profile">Decides the start tokens: ChatGLM3 writes its start token without brackets.</param>
/// <param name="supportsFillInTheMiddle">True when the model has CodeGeeX4's FIM tokens.</param>
/// <param name="chatTemplate">Renders a conversation, ending with the assistant's turn.</param>
public sealed class PromptFormatter(ModelProfile profile, bool supportsFillInTheMiddle, IChatTemplate chatTemplate)
{
    /// <summary>GLM-4 prompts begin with these; chatglm-bpe adds no BOS, so the prompt carries them itself.</summary>
    public const string Glm4StartTokens = "[gMASK]<sop>";

    /// <summary>ChatGLM3's start tokens, as its own tokenizer and llama.cpp's chatglm3 template write them.</summary>
    public const string ChatGlm3StartTokens = "[gMASK]sop";

    /// <summary>The tokens every prompt of this model begins with.</summary>
    public string StartTokens { get; } = StartTokensFor(profile);

    /// <summary>The start tokens of a profile; the remote generator writes the same ones for llama.cpp servers.</summary>
    public static string StartTokensFor(ModelProfile profile) => profile == ModelProfile.ChatGlm3 ? ChatGlm3StartTokens : Glm4StartTokens;

    public FormattedPrompt Format(Prompt prompt) => prompt switch
    {
        RawPrompt raw => new FormattedPrompt([new PromptSegment(raw.Text, SegmentCut.FromStart)]),
        ChatPrompt chat => FormatChat(chat),
        FillInTheMiddlePrompt fim when supportsFillInTheMiddle => FormatCodeGeeX4FillInTheMiddle(fim),
        FillInTheMiddlePrompt fim => FormatContinuation(fim),
        _ => throw new ArgumentException($"Unknown prompt type {prompt.GetType().Name}.", nameof(prompt)),
    };

    private FormattedPrompt FormatChat(ChatPrompt chat)
    {
        var text = chatTemplate.Render(chat.Messages);
        // The leading start tokens must survive any cut; the conversation itself loses its oldest turns first.
        return text.StartsWith(StartTokens, StringComparison.Ordinal)
            ? new FormattedPrompt([new PromptSegment(StartTokens), new PromptSegment(text[StartTokens.Length..], SegmentCut.FromStart)])
            : new FormattedPrompt([new PromptSegment(text, SegmentCut.FromStart)]);
    }

    private FormattedPrompt FormatCodeGeeX4FillInTheMiddle(FillInTheMiddlePrompt fim)
    {
        var header = StartTokens + "<|user|>\n" + CodeGeeX4Infill.Header(fim) + CodeGeeX4Infill.SuffixToken;
        return new FormattedPrompt(
        [
            new PromptSegment(header),
            // The code right after the cursor matters most, so a long suffix loses its end, and it may take at most a
            // quarter of the budget: the prefix is what the completion continues.
            new PromptSegment(fim.Suffix, SegmentCut.FromEnd, MaxShareOfBudget: 0.25),
            new PromptSegment(CodeGeeX4Infill.PrefixToken),
            new PromptSegment(fim.Prefix, SegmentCut.FromStart),
            new PromptSegment(CodeGeeX4Infill.MiddleToken + "<|assistant|>\n"),
        ]);
    }

    private FormattedPrompt FormatContinuation(FillInTheMiddlePrompt fim) =>
        new([new PromptSegment(StartTokens), new PromptSegment(fim.Prefix, SegmentCut.FromStart)]);
}
