using Glm.Inference.Generation;

namespace Glm.Inference.Prompts;

/// <summary>
/// Writes prompts in the format of a GLM family member, as segments: the scaffolding it writes (start and role tokens,
/// FIM markers where the vocabulary has them as tokens) and the content it is given (messages, document text), which
/// is tokenized as plain text. Chat follows llama.cpp's built-in chatglm3/chatglm4 formats (tests check the two agree);
/// GLM-Edge gets the chatglm4 layout without start tokens, which is llama.cpp's glmedge format plus the newline after
/// the assistant tag that GLM-Edge's own prompt examples write. Fill-in-the-middle uses CodeGeeX4's format, or a plain
/// continuation of the prefix for models without it.
/// </summary>
/// <param name="profile">Decides the start tokens and the chat layout: ChatGLM3 writes "sop" without brackets and a
/// space after each role line.</param>
/// <param name="supportsFillInTheMiddle">True when the model takes CodeGeeX4's infilling prompt.</param>
/// <param name="fillInTheMiddleMarkersAreTokens">False when the markers exist only as text (CodeGeeX4-ALL-9B): they are
/// then part of the content, and their texts end the answer.</param>
public sealed class PromptFormatter(ModelProfile profile, bool supportsFillInTheMiddle, bool fillInTheMiddleMarkersAreTokens = true)
{
    /// <summary>GLM-4 prompts begin with these; chatglm-bpe adds no BOS, so the prompt carries them itself.</summary>
    public const string Glm4StartTokens = "[gMASK]<sop>";

    /// <summary>ChatGLM3's start tokens, as its own tokenizer and llama.cpp's chatglm3 template write them.</summary>
    public const string ChatGlm3StartTokens = "[gMASK]sop";

    /// <summary>GLM-Edge's prompts begin with the first role tag: its template writes no start tokens.</summary>
    public const string GlmEdgeStartTokens = "";

    /// <summary>The tokens every prompt of this model begins with.</summary>
    public string StartTokens { get; } = StartTokensFor(profile);

    /// <summary>The start tokens of a profile; the remote generator writes the same ones for llama.cpp servers.</summary>
    public static string StartTokensFor(ModelProfile profile) => profile switch
    {
        ModelProfile.ChatGlm3 => ChatGlm3StartTokens,
        ModelProfile.GlmEdge => GlmEdgeStartTokens,
        _ => Glm4StartTokens,
    };

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
        // llama.cpp's chatglm3 format: "<|role|>\n content" and no newline after the assistant tag; chatglm4:
        // "<|role|>\ncontent" and "<|assistant|>\n". The line break after a role tag travels with the content, where it
        // is one plain-text fragment for the tokenizer exactly as in the rendered string.
        var chatGlm3 = profile == ModelProfile.ChatGlm3;
        var segments = StartSegments();
        foreach (var message in chat.Messages)
        {
            segments.Add(new PromptSegment($"<|{RoleName(message.Role)}|>"));
            segments.Add(PromptSegment.Content((chatGlm3 ? "\n " : "\n") + message.Content));
        }

        segments.Add(new PromptSegment(chatGlm3 ? "<|assistant|>" : "<|assistant|>\n"));
        return new FormattedPrompt(segments) { AnswerHasHeaderLine = chatGlm3 };
    }

    private FormattedPrompt FormatCodeGeeX4FillInTheMiddle(FillInTheMiddlePrompt fim)
    {
        PromptSegment Marker(string marker) => fillInTheMiddleMarkersAreTokens ? new(marker) : PromptSegment.Content(marker, SegmentCut.Keep);
        return new FormattedPrompt(
        [
            new PromptSegment(StartTokens + "<|user|>"),
            PromptSegment.Content("\n" + CodeGeeX4Infill.Header(fim), SegmentCut.Keep),
            Marker(CodeGeeX4Infill.SuffixToken),
            // The code right after the cursor matters most, so a long suffix loses its end, and it may take at most a
            // quarter of the budget: the prefix is what the completion continues.
            PromptSegment.Content(fim.Suffix, SegmentCut.FromEnd, maxShareOfBudget: 0.25),
            Marker(CodeGeeX4Infill.PrefixToken),
            PromptSegment.Content(fim.Prefix),
            Marker(CodeGeeX4Infill.MiddleToken),
            new PromptSegment("<|assistant|>\n"),
        ])
        {
            StopStrings = fillInTheMiddleMarkersAreTokens ? [] : CodeGeeX4Infill.Markers,
        };
    }

    private FormattedPrompt FormatContinuation(FillInTheMiddlePrompt fim) =>
        new([.. StartSegments(), PromptSegment.Content(fim.Prefix)]);

    private List<PromptSegment> StartSegments() => StartTokens.Length == 0 ? [] : [new PromptSegment(StartTokens)];

    private static string RoleName(ChatRole role) => role switch
    {
        ChatRole.System => "system",
        ChatRole.User => "user",
        ChatRole.Assistant => "assistant",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown chat role."),
    };
}
