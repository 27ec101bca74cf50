using System.Text.Json;
using Glm.Inference.Generation;

namespace Glm.Inference.Remote;

/// <summary>One parsed streaming event of a chat or plain completion.</summary>
internal sealed record StreamedEvent(string Text, StopReason? FinishReason, int? PromptTokens, int? CompletionTokens, int? CachedPromptTokens)
{
    /// <summary>Parses a <c>data:</c> payload; an <c>error</c> object inside the stream (vLLM, llama.cpp) becomes an exception.</summary>
    public static StreamedEvent Parse(string json, string serverDisplay)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.TryGetProperty("error", out _) || (root.TryGetProperty("object", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "error"))
            {
                throw new RemoteBackendException(RemoteErrorKind.BadResponse, $"{serverDisplay} reported an error during the stream: {ServerErrorBody.ExtractMessage(json)}");
            }

            var text = string.Empty;
            StopReason? finish = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                    && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
                {
                    text = content.GetString()!;
                }
                else if (choice.TryGetProperty("text", out var plain) && plain.ValueKind == JsonValueKind.String)
                {
                    text = plain.GetString()!;
                }

                finish = ReadFinish(choice);
            }

            int? promptTokens = null;
            int? completionTokens = null;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                promptTokens = ReadInt(usage, "prompt_tokens");
                completionTokens = ReadInt(usage, "completion_tokens");
            }

            // llama.cpp server reports how much of the prompt came from its cache in "timings.cache_n".
            int? cached = root.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object ? ReadInt(timings, "cache_n") : null;
            return new StreamedEvent(text, finish, promptTokens, completionTokens, cached);
        }
        catch (JsonException error)
        {
            throw new RemoteBackendException(RemoteErrorKind.BadResponse, $"{serverDisplay} streamed an event that is not JSON: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            // JsonElement throws this when a field has an unexpected shape (for example "choices": [1]).
            throw new RemoteBackendException(RemoteErrorKind.BadResponse, $"{serverDisplay} streamed an event of an unexpected shape: {error.Message}", error);
        }
    }

    private static StopReason? ReadFinish(JsonElement choice)
    {
        if (!choice.TryGetProperty("finish_reason", out var reason) || reason.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        // vLLM names the matched stop string in "stop_reason"; a plain "stop" is the end-of-text token.
        var matchedStopString = choice.TryGetProperty("stop_reason", out var stopReason) && stopReason.ValueKind == JsonValueKind.String;
        return reason.GetString() switch
        {
            "length" => StopReason.MaxTokens,
            _ when matchedStopString => StopReason.StopString,
            _ => StopReason.EndOfText,
        };
    }

    private static int? ReadInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
