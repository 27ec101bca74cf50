using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Glm.Inference.Generation;
using Glm.Inference.Remote;
using Glm.Remote.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using static Glm.Remote.Tests.Remote.RemoteTestHelpers;

namespace Glm.Remote.Tests.Remote;

public class StreamingTests
{
    [Fact]
    public async Task Chat_streams_the_exact_text_and_usage_of_a_vllm_stream()
    {
        var bodies = new ConcurrentQueue<(string Path, string? Authorization, JsonObject Body)>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                bodies.Enqueue((context.Request.Path, context.Request.Headers.Authorization, (await JsonNode.ParseAsync(context.Request.Body))!.AsObject()));
                await VllmServer.WriteEventsAsync(
                    context,
                    VllmServer.ChatChunk(string.Empty),
                    VllmServer.ChatChunk("你好"),
                    VllmServer.ChatChunk("，世界"),
                    VllmServer.ChatChunk("! 🙂"),
                    VllmServer.ChatChunk(string.Empty, "stop"),
                    VllmServer.UsageChunk(12, 4),
                    VllmServer.Done);
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var (text, stats) = await CollectAsync(generator, ChatPrompt.FromUser("Say hello", system: "Be brief."), new GenerationOptions { MaxTokens = 32 });

        Assert.Equal("你好，世界! 🙂", text);
        Assert.Equal(12, stats.PromptTokens);
        Assert.Equal(4, stats.GeneratedTokens);
        Assert.Equal(StopReason.EndOfText, stats.StopReason);
        var (path, authorization, body) = Assert.Single(bodies);
        Assert.Equal("/v1/chat/completions", path);
        Assert.Equal("Bearer secret-key", authorization);
        Assert.Equal(
            """{"model":"glm-4-9b-chat","stream":true,"max_tokens":32,"temperature":0,"stream_options":{"include_usage":true},"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}]}""",
            body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("remote " + server.BaseUrl + "v1/", generator.Model.Backend);
    }

    [Fact]
    public async Task CodeGeeX_fill_in_the_middle_on_llama_cpp_server_uses_completions_with_cache_prompt()
    {
        var bodies = new ConcurrentQueue<JsonObject>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "llamacpp", "codegeex4-all-9b");
            app.MapPost("/v1/completions", async (HttpContext context) =>
            {
                bodies.Enqueue((await JsonNode.ParseAsync(context.Request.Body))!.AsObject());
                await VllmServer.WriteEventsAsync(
                    context,
                    VllmServer.CompletionChunk("return a"),
                    VllmServer.CompletionChunk(" + b", "stop"),
                    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":5},\"timings\":{\"cache_n\":31}}\n\n",
                    VllmServer.Done);
            });
        });
        await using var generator = Generator(Options(server.BaseUrl, "codegeex4-all-9b"));

        var (text, stats) = await CollectAsync(generator, new FillInTheMiddlePrompt("def add(a, b):\n    ", "\n\nprint(add(1, 2))", "src/add.py", "Python"));

        Assert.Equal("return a + b", text);
        Assert.Equal(ModelProfile.CodeGeeX4, generator.Model.Profile);
        Assert.True(generator.Model.SupportsFillInTheMiddle);
        Assert.Equal(40, stats.PromptTokens);
        Assert.Equal(31, stats.ReusedPromptTokens);
        var body = Assert.Single(bodies);
        Assert.Equal(
            "[gMASK]<sop><|user|>\n###PATH:src/add.py\n###LANGUAGE:Python\n###MODE:LINE\n<|code_suffix|>\n\nprint(add(1, 2))<|code_prefix|>def add(a, b):\n    <|code_middle|><|assistant|>\n",
            body["prompt"]!.GetValue<string>());
        Assert.True(body["cache_prompt"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Raw_prompt_falls_back_to_chat_when_the_server_has_no_completions_endpoint_and_remembers_it()
    {
        var paths = new ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.Use(async (context, next) =>
            {
                paths.Enqueue(context.Request.Path);
                await next(context);
            });
            app.MapPost("/v1/chat/completions", (HttpContext context) => VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("ok", "stop"), VllmServer.Done));
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var first = await CollectAsync(generator, new RawPrompt("Once upon"));
        var second = await CollectAsync(generator, new RawPrompt("Twice upon"));

        Assert.Equal("ok", first.Text);
        Assert.Equal("ok", second.Text);
        Assert.Equal(["/v1/models", "/v1/completions", "/v1/models", "/v1/chat/completions", "/v1/chat/completions"], paths.ToArray());
    }

    [Fact]
    public async Task A_server_without_a_models_list_is_not_asked_for_it_before_every_completion()
    {
        var paths = new ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                paths.Enqueue(context.Request.Path);
                await next(context);
            });
            app.MapPost("/v1/chat/completions", (HttpContext context) => VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("ok", "stop"), VllmServer.Done));
        });
        await using var generator = Generator(Options(server.BaseUrl));

        await CollectAsync(generator, ChatPrompt.FromUser("one"));
        await CollectAsync(generator, ChatPrompt.FromUser("two"));

        Assert.Equal(["/v1/models", "/v1/chat/completions", "/v1/chat/completions"], paths.ToArray());
    }

    [Fact]
    public async Task Stop_strings_split_across_chunks_and_single_line_are_cut_on_the_client()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", (HttpContext context) => VllmServer.WriteEventsAsync(
                context,
                VllmServer.ChatChunk("\nalpha EN"),
                VllmServer.ChatChunk("D beta\ngamma"),
                VllmServer.ChatChunk(string.Empty, "stop"),
                VllmServer.Done));
        });
        await using var generator = Generator(Options(server.BaseUrl));

        var stopped = await CollectAsync(generator, ChatPrompt.FromUser("x"), new GenerationOptions { StopStrings = ["END"] });
        var singleLine = await CollectAsync(generator, ChatPrompt.FromUser("x"), new GenerationOptions { SingleLine = true });

        Assert.Equal("\nalpha ", stopped.Text);
        Assert.Equal(StopReason.StopString, stopped.Stats.StopReason);
        Assert.Equal("\nalpha END beta", singleLine.Text);
        Assert.Equal(StopReason.NewLine, singleLine.Stats.StopReason);
    }

    [Fact]
    public async Task Cancelling_closes_the_http_stream_at_once()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                await VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk("first"));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    aborted.TrySetResult();
                }
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));
        using var cancel = new CancellationTokenSource();
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in generator.GenerateAsync(new GenerationRequest(ChatPrompt.FromUser("x"), GenerationOptions.Greedy), cancel.Token))
            {
                received.Add(chunk.Text);
                await cancel.CancelAsync();
            }
        });

        Assert.Equal(["first"], received);
        var seen = await Task.WhenAny(aborted.Task, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.Same(aborted.Task, seen);
    }

    [Fact]
    public async Task A_newer_request_with_the_same_supersede_key_ends_the_older_one()
    {
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                var user = body["messages"]![0]!["content"]!.GetValue<string>();
                await VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk(user));
                if (user == "old")
                {
                    await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
                }

                await VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk(string.Empty, "stop"), VllmServer.Done);
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));
        var oldRequest = new GenerationRequest(ChatPrompt.FromUser("old"), GenerationOptions.Greedy) { SupersedeKey = "file:///a.py" };
        var newRequest = oldRequest with { Prompt = ChatPrompt.FromUser("new") };

        await using var oldStream = generator.GenerateAsync(oldRequest).GetAsyncEnumerator();
        Assert.True(await oldStream.MoveNextAsync());
        Assert.Equal("old", oldStream.Current.Text);
        var replaced = await CollectSupersededAsync(generator, newRequest);

        await Assert.ThrowsAsync<GenerationSupersededException>(async () => await oldStream.MoveNextAsync());
        Assert.Equal("new", replaced);
    }

    [Fact]
    public async Task A_request_for_an_older_version_ends_at_once_without_reaching_the_server_and_leaves_the_newer_one()
    {
        var release = new TaskCompletionSource();
        var asked = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var server = await LocalHttpServer.StartAsync(app =>
        {
            VllmServer.MapModels(app, "vllm", "glm-4-9b-chat");
            app.MapPost("/v1/chat/completions", async (HttpContext context) =>
            {
                var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
                var user = body["messages"]![0]!["content"]!.GetValue<string>();
                asked.Enqueue(user);
                await VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk(user));
                await release.Task.WaitAsync(context.RequestAborted);
                await VllmServer.WriteEventsAsync(context, VllmServer.ChatChunk(string.Empty, "stop"), VllmServer.Done);
            });
        });
        await using var generator = Generator(Options(server.BaseUrl));
        var newerRequest = new GenerationRequest(ChatPrompt.FromUser("version 5"), GenerationOptions.Greedy) { SupersedeKey = "file:///a.md", SupersedeVersion = 5 };
        var olderRequest = newerRequest with { Prompt = ChatPrompt.FromUser("version 4"), SupersedeVersion = 4 };

        await using var newerStream = generator.GenerateAsync(newerRequest).GetAsyncEnumerator();
        Assert.True(await newerStream.MoveNextAsync());
        Assert.Equal("version 5", newerStream.Current.Text);
        await Assert.ThrowsAsync<GenerationSupersededException>(() => CollectSupersededAsync(generator, olderRequest));
        release.SetResult();

        while (await newerStream.MoveNextAsync())
        {
            Assert.Equal(string.Empty, newerStream.Current.Text);
        }

        Assert.Equal(["version 5"], asked);
    }

    private static async Task<string> CollectSupersededAsync(OpenAiCompatibleGenerator generator, GenerationRequest request)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var chunk in generator.GenerateAsync(request))
        {
            text.Append(chunk.Text);
        }

        return text.ToString();
    }
}
