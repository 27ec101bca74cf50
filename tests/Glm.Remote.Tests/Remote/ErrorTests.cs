using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Glm.Inference.Generation;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Glm.Remote.Tests.Remote.RemoteTestHelpers;

namespace Glm.Remote.Tests.Remote;

public class ErrorTests
{
    [Fact]
    public async Task Unknown_model_names_the_models_the_server_has()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat", "codegeex4-all-9b");
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
                VllmServer.WriteErrorAsync(context, 404, "The model `glm-5` does not exist.", "NotFoundError"));
        });
        await using var generator = Generator(Options(server.BaseUrl, "glm-5"));

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.ModelNotFound, error.Kind);
        Assert.Equal($"{server.Authority} does not serve the model 'glm-5'. Models it serves: glm-4-9b-chat, codegeex4-all-9b.", error.Message);
        Assert.Equal(["glm-4-9b-chat", "codegeex4-all-9b"], error.AvailableModels);
        Assert.Equal(404, error.StatusCode);
    }

    [Fact]
    public async Task Wrong_api_key_is_reported_as_unauthorized_with_the_server_message()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.MapGet("/v1/models", (HttpContext context) => VllmServer.WriteErrorAsync(context, 401, "Unauthorized", "AuthenticationError"));
            app.MapPost("/v1/chat/completions", (HttpContext context) => VllmServer.WriteErrorAsync(context, 401, "Unauthorized", "AuthenticationError"));
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.Unauthorized, error.Kind);
        Assert.Equal($"{server.Authority} refused the request (401): Unauthorized Check the API key (setting or GLM_LSP_API_KEY).", error.Message);
    }

    [Fact]
    public async Task Service_unavailable_twice_then_success_is_retried_before_the_first_token()
    {
        var attempts = 0;
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
                Interlocked.Increment(ref attempts) <= 2
                    ? VllmServer.WriteErrorAsync(context, 503, "The server is loading the model.", "ServiceUnavailableError")
                    : VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("finally", "stop"), VllmServer.Done));
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var (text, _) = await CollectAsync(generator, ChatPrompt.FromUser("hi"));

        Assert.Equal("finally", text);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Server_error_that_persists_fails_after_the_retries_with_its_message()
    {
        var attempts = 0;
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
            {
                Interlocked.Increment(ref attempts);
                return VllmServer.WriteErrorAsync(context, 500, "CUDA out of memory.", "InternalServerError");
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.ServerError, error.Kind);
        Assert.Equal($"{server.Authority} failed with 500 InternalServerError: CUDA out of memory.", error.Message);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Rate_limit_waits_for_retry_after_then_succeeds()
    {
        var attempts = 0;
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    context.Response.Headers.RetryAfter = "1";
                    return VllmServer.WriteErrorAsync(context, 429, "Too many requests.", "RateLimitError");
                }

                return VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("after the wait", "stop"), VllmServer.Done);
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));
        var clock = Stopwatch.StartNew();

        var (text, _) = await CollectAsync(generator, ChatPrompt.FromUser("hi"));

        Assert.Equal("after the wait", text);
        Assert.Equal(2, attempts);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task Rate_limit_with_a_long_retry_after_fails_at_once_and_says_how_long()
    {
        var attempts = 0;
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) =>
            {
                Interlocked.Increment(ref attempts);
                context.Response.Headers.RetryAfter = "120";
                return VllmServer.WriteErrorAsync(context, 429, "Too many requests.", "RateLimitError");
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.RateLimited, error.Kind);
        Assert.Equal($"{server.Authority} is rate limiting requests (429): Too many requests. The server asks to retry after 120 s.", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Refused_connection_says_the_server_is_not_running()
    {
        var port = FreePort();
        await using var generator = Generator(Options(new Uri($"http://127.0.0.1:{port}")));

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.ConnectionRefused, error.Kind);
        Assert.Equal($"Could not connect to http://127.0.0.1:{port}: the connection was refused. Is the server running?", error.Message);
    }

    [Fact]
    public async Task An_error_inside_the_stream_ends_it_with_a_bad_response()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) => VllmServer.WriteEventsAsync(
                context,
                VllmServer.ChatChunk("partial"),
                "data: " + VllmServer.ErrorJson("Request aborted: the engine died.", "InternalServerError", 500) + "\n\n"));
        });
        await using var generator = Generator(Options(server.BaseUrl));
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<RemoteBackendException>(async () =>
        {
            await foreach (var chunk in generator.GenerateAsync(new GenerationRequest(ChatPrompt.FromUser("x"), GenerationOptions.Greedy)))
            {
                received.Add(chunk.Text);
            }
        });

        Assert.Equal(["partial"], received);
        Assert.Equal(RemoteErrorKind.BadResponse, error.Kind);
        Assert.Equal($"{server.Authority} reported an error during the stream: Request aborted: the engine died.", error.Message);
    }

    [Fact]
    public async Task A_server_that_stops_sending_mid_stream_times_out()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                await VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("stalled"));
                await Task.Delay(TimeSpan.FromSeconds(20), context.RequestAborted);
            });
        });
        await using var impatient = Generator(Options(server.BaseUrl, streamIdleTimeout: TimeSpan.FromMilliseconds(300)));

        var error = await FailureAsync(impatient);

        Assert.Equal(RemoteErrorKind.Timeout, error.Kind);
        Assert.Equal($"{server.Authority} sent nothing for 0.3 s in the middle of the stream.", error.Message);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_in_time_is_retried_then_reported_as_a_timeout()
    {
        var attempts = 0;
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                Interlocked.Increment(ref attempts);
                await Task.Delay(TimeSpan.FromSeconds(10), context.RequestAborted);
            });
        });
        var options = new RemoteBackendOptions
        {
            Endpoint = new Uri(server.BaseUrl, "/v1"),
            Model = "glm-4-9b-chat",
            MaxRetries = 1,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            // Long enough that a cold, busy test machine still delivers each request to the handler before the client gives up.
            ResponseTimeout = TimeSpan.FromSeconds(1.5),
        };
        await using var generator = Generator(options);

        var error = await FailureAsync(generator);

        Assert.Equal(RemoteErrorKind.Timeout, error.Kind);
        Assert.Equal($"{server.Authority} did not answer within 1.5 s.", error.Message);
        Assert.Equal(2, Volatile.Read(ref attempts));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
