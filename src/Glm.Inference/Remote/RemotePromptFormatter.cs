using System.Text.Json.Nodes;
using Glm.Inference.Generation;
using Glm.Inference.Prompts;

namespace Glm.Inference.Remote;

/// <summary>
/// Formats prompts for a remote server the way the local engine formats them for llama.cpp: chat stays messages (the
/// server applies the model's template), CodeGeeX4 gets its fill-in-the-middle text, other models a plain continuation.
/// The prompt texts themselves (start tokens, <see cref="CodeGeeX4Infill"/>) are the local engine's; only the transport
/// shape (messages or a raw completion) is decided here.
/// </summary>
public static class RemotePromptFormatter
{
    /// <summary>Guesses the prompt profile from a served model name such as <c>THUDM/codegeex4-all-9b</c>.</summary>
    public static ModelProfile GuessProfile(string model)
    {
        var name = model.ToLowerInvariant();
        if (name.Contains("codegeex"))
        {
            return ModelProfile.CodeGeeX4;
        }

        if (name.Replace("-", string.Empty, StringComparison.Ordinal).Contains("glmedge"))
        {
            return ModelProfile.GlmEdge;
        }

        if (name.Contains("chatglm3"))
        {
            return ModelProfile.ChatGlm3;
        }

        return name.Contains("0414") ? ModelProfile.Glm4_0414 : ModelProfile.Glm4;
    }

    /// <param name="prompt">What to send.</param>
    /// <param name="profile">The remote model's family member.</param>
    /// <param name="useCompletions">False when the server has no <c>/v1/completions</c>.</param>
    /// <param name="addGlmPrefix">True for llama.cpp servers: their GLM tokenizer adds no <c>[gMASK]&lt;sop&gt;</c> itself,
    /// while Hugging Face tokenizers (vLLM) do.</param>
    public static RemoteCall Format(Prompt prompt, ModelProfile profile, bool useCompletions, bool addGlmPrefix)
    {
        var glmPrefix = addGlmPrefix ? PromptFormatter.StartTokensFor(profile) : string.Empty;
        switch (prompt)
        {
            case ChatPrompt chat:
                return Chat(chat.Messages);
            case RawPrompt raw:
                return useCompletions ? Completion(raw.Text) : Chat([new ChatMessage(ChatRole.User, raw.Text)]);
            case FillInTheMiddlePrompt fim when profile == ModelProfile.CodeGeeX4:
                var userText = CodeGeeX4Infill.UserText(fim);
                return useCompletions
                    ? Completion($"{glmPrefix}<|user|>\n{userText}<|assistant|>\n")
                    : Chat([new ChatMessage(ChatRole.User, userText)]);
            case FillInTheMiddlePrompt fim:
                return useCompletions
                    ? Completion(glmPrefix + fim.Prefix)
                    : Chat([
                        new ChatMessage(ChatRole.System, "Continue the text the user sends. Reply with the continuation only, without repeating the text or explaining."),
                        new ChatMessage(ChatRole.User, fim.Prefix)]);
            default:
                throw new ArgumentException($"Unknown prompt type {prompt.GetType().Name}.", nameof(prompt));
        }
    }

    private static RemoteCall Completion(string text) => new(RemoteApi.Completions, new JsonObject { ["prompt"] = text });

    private static RemoteCall Chat(IReadOnlyList<ChatMessage> messages)
    {
        var array = new JsonArray();
        foreach (var message in messages)
        {
            array.Add(new JsonObject
            {
                ["role"] = message.Role switch
                {
                    ChatRole.System => "system",
                    ChatRole.Assistant => "assistant",
                    _ => "user",
                },
                ["content"] = message.Content,
            });
        }

        return new RemoteCall(RemoteApi.ChatCompletions, new JsonObject { ["messages"] = array });
    }
}
