using System.Text.Json.Nodes;
using Glm.Inference.Generation;

namespace Glm.Inference.Remote;

/// <summary>The JSON body of a streamed chat or plain completion request.</summary>
internal static class RemoteRequestBody
{
    /// <param name="call">Endpoint and prompt fields.</param>
    /// <param name="generation">Sampling and stop rules.</param>
    /// <param name="model">The served model name.</param>
    /// <param name="cachePrompt">Adds llama.cpp server's <c>cache_prompt</c>, which other servers may reject as unknown.</param>
    public static JsonObject Build(RemoteCall call, GenerationOptions generation, string model, bool cachePrompt)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["stream"] = true,
            ["max_tokens"] = generation.MaxTokens,
            ["temperature"] = generation.Temperature,
            // Usage arrives in a last event only when asked for; it gives exact prompt and completion token counts.
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
        };
        foreach (var field in call.PromptFields)
        {
            body[field.Key] = field.Value?.DeepClone();
        }

        if (generation.Temperature > 0)
        {
            body["seed"] = generation.Seed;
        }

        // The server stops at these too, saving tokens; the client still cuts exactly, since servers differ on stops split across tokens.
        if (generation.StopStrings.Count > 0)
        {
            body["stop"] = new JsonArray([.. generation.StopStrings.Select(stop => (JsonNode?)JsonValue.Create(stop))]);
        }

        if (cachePrompt)
        {
            body["cache_prompt"] = true;
        }

        return body;
    }
}
