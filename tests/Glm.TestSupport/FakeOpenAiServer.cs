using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Glm.TestSupport;

/// <summary>A vLLM-shaped OpenAI-compatible server on 127.0.0.1 that answers every chat with <see cref="ChatAnswer"/>
/// and every plain completion with <see cref="Continuation"/>, and records what it was asked.</summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string Model = "glm-4-9b-chat";
    public const string ChatAnswer = "Remote answer.";
    public const string Continuation = " from the remote server.";

    private FakeOpenAiServer(LocalHttpServer server) => Server = server;

    public LocalHttpServer Server { get; }

    /// <summary>The API base as a user would configure it.</summary>
    public string Endpoint => Server.Authority + "/v1";

    /// <summary>Each request as "METHOD path Authorization".</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>The User-Agent of each request (the OpenAI library names itself there).</summary>
    public ConcurrentQueue<string> UserAgents { get; } = new();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        FakeOpenAiServer? fake = null;
        var server = await LocalHttpServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                fake!.UserAgents.Enqueue(context.Request.Headers.UserAgent.ToString());
                fake.Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Authorization}".TrimEnd());
                await next(context);
            });
            VllmServer.MapModels(app, "vllm", Model);
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
                VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("Remote "), VllmServer.ChatChunk("answer."), VllmServer.ChatChunk("", "stop"), VllmServer.Done));
            app.MapPost("/v1/completions", (HttpContext context) =>
                VllmServer.WriteEventsAsync(context, VllmServer.CompletionChunk(" from the"), VllmServer.CompletionChunk(" remote server."), VllmServer.CompletionChunk("", "stop"), VllmServer.Done));
        });
        fake = new FakeOpenAiServer(server);
        return fake;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
