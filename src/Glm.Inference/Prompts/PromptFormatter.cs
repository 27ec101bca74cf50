using System.Text;
using Glm.Inference.Generation;

namespace Glm.Inference.Prompts;

/// <summary>
/// Writes prompts in the format of a GLM family member. Chat goes through the model's own chat template (rendered by
/// llama.cpp); fill-in-the-middle uses CodeGeeX4's format, or a plain continuation of the prefix for models without it.
/// </summary>
/// <param name="supportsFillInTheMiddle">True when the model has CodeGeeX4's FIM tokens.</param>
/// <param name="chatTemplate">Renders a conversation, ending with the assistant's turn.</param>
public sealed class PromptFormatter(bool supportsFillInTheMiddle, IChatTemplate chatTemplate)
{
    /// <summary>Every GLM prompt begins with these; chatglm-bpe adds no BOS, so the prompt carries them itself.</summary>
    public const string GlmPrefix = "[gMASK]<sop>";

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
        // The leading [gMASK]<sop> must survive any cut; the conversation itself loses its oldest turns first.
        return text.StartsWith(GlmPrefix, StringComparison.Ordinal)
            ? new FormattedPrompt([new PromptSegment(GlmPrefix), new PromptSegment(text[GlmPrefix.Length..], SegmentCut.FromStart)])
            : new FormattedPrompt([new PromptSegment(text, SegmentCut.FromStart)]);
    }

    private static FormattedPrompt FormatCodeGeeX4FillInTheMiddle(FillInTheMiddlePrompt fim)
    {
        var header = new StringBuilder(GlmPrefix).Append("<|user|>\n");
        if (fim.Path is not null)
        {
            header.Append("###PATH:").Append(fim.Path).Append('\n');
        }

        if (fim.Language is not null)
        {
            header.Append("###LANGUAGE:").Append(fim.Language).Append('\n');
        }

        header.Append("###MODE:").Append(fim.MultiLine ? "BLOCK" : "LINE").Append('\n').Append("<|code_suffix|>");
        return new FormattedPrompt(
        [
            new PromptSegment(header.ToString()),
            // The code right after the cursor matters most, so a long suffix loses its end, and it may take at most a
            // quarter of the budget: the prefix is what the completion continues.
            new PromptSegment(fim.Suffix, SegmentCut.FromEnd, MaxShareOfBudget: 0.25),
            new PromptSegment("<|code_prefix|>"),
            new PromptSegment(fim.Prefix, SegmentCut.FromStart),
            new PromptSegment("<|code_middle|><|assistant|>\n"),
        ]);
    }

    private static FormattedPrompt FormatContinuation(FillInTheMiddlePrompt fim) =>
        new([new PromptSegment(GlmPrefix), new PromptSegment(fim.Prefix, SegmentCut.FromStart)]);
}
