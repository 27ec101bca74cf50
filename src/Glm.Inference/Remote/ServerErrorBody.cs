using System.Text.Json;

namespace Glm.Inference.Remote;

/// <summary>Reads the human message out of the error bodies that OpenAI-compatible servers send.</summary>
internal static class ServerErrorBody
{
    /// <summary>vLLM: <c>{"object":"error","message":…}</c>; OpenAI and llama.cpp: <c>{"error":{"message":…}}</c>;
    /// some proxies: <c>{"error":"…"}</c> or <c>{"detail":"…"}</c>; anything else: the text itself, shortened.</summary>
    public static string ExtractMessage(string body)
    {
        var trimmed = body.Trim();
        if (trimmed.Length == 0)
        {
            return "(empty response body)";
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString()!;
                }

                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString()!;
                    }

                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.String)
                    {
                        return inner.GetString()!;
                    }
                }

                if (root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
                {
                    return detail.GetString()!;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML error page from a proxy, for example): fall through to the raw text.
        }

        return trimmed.Length <= 200 ? trimmed : trimmed[..200] + "…";
    }
}
