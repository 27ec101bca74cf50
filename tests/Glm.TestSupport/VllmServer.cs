using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Glm.TestSupport;

/// <summary>Writes responses byte for byte as vLLM's OpenAI-compatible server does.</summary>
public static class VllmServer
{
    public static string ChatChunk(string content, string? finishReason = null) =>
        "data: " + JsonSerializer.Serialize(new
        {
            id = "chatcmpl-7",
            @object = "chat.completion.chunk",
            created = 1732000000,
            model = "glm-4-9b-chat",
            choices = new[] { new { index = 0, delta = new { content }, logprobs = (object?)null, finish_reason = finishReason } },
        }) + "\n\n";

    public static string CompletionChunk(string text, string? finishReason = null) =>
        "data: " + JsonSerializer.Serialize(new
        {
            id = "cmpl-7",
            @object = "text_completion",
            created = 1732000000,
            model = "codegeex4",
            choices = new[] { new { index = 0, text, logprobs = (object?)null, finish_reason = finishReason } },
        }) + "\n\n";

    public static string UsageChunk(int promptTokens, int completionTokens) =>
        "data: " + JsonSerializer.Serialize(new
        {
            id = "chatcmpl-7",
            @object = "chat.completion.chunk",
            created = 1732000000,
            model = "glm-4-9b-chat",
            choices = Array.Empty<object>(),
            usage = new { prompt_tokens = promptTokens, total_tokens = promptTokens + completionTokens, completion_tokens = completionTokens },
        }) + "\n\n";

    public const string Done = "data: [DONE]\n\n";

    /// <summary>vLLM's error body: <c>{"object":"error","message":…,"type":…,"param":null,"code":…}</c>.</summary>
    public static string ErrorJson(string message, string type, int code) =>
        JsonSerializer.Serialize(new { @object = "error", message, type, param = (string?)null, code });

    public static string ModelsJson(string ownedBy, params string[] ids) =>
        JsonSerializer.Serialize(new
        {
            @object = "list",
            data = ids.Select(id => new { id, @object = "model", created = 1732000000, owned_by = ownedBy, root = id, max_model_len = 8192 }),
        });

    public static async Task WriteEventsAsync(HttpContext context, params string[] events)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
        }

        foreach (var item in events)
        {
            await context.Response.WriteAsync(item);
            await context.Response.Body.FlushAsync();
        }
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(ErrorJson(message, type, status));
    }

    public static void MapModels(WebApplication app, string ownedBy, params string[] ids) =>
        app.MapGet("/v1/models", () => Results.Text(ModelsJson(ownedBy, ids), "application/json"));
}
