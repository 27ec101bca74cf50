using Glm.Lsp.Client;
using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Lsp.Tests;

/// <summary>The glm/status notification a status bar follows: load percentages, ready, errors and generations.</summary>
public sealed class StatusNotificationTests : IDisposable
{
    private const string Capabilities = """{"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";
    private const string Ready = """{"state":"ready","model":"scripted","backend":"scripted (tests)","contextLength":4096}""";
    private readonly string modelFile = Path.Combine(Path.GetTempPath(), $"glm-lsp-test-{Guid.NewGuid():N}.gguf");

    public StatusNotificationTests() => File.WriteAllText(modelFile, "GGUF");

    public void Dispose() => File.Delete(modelFile);

    [Fact]
    public async Task Load_SendsLoadingWithRisingPercentagesThenReady()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = LspTestSession.Start(new ServerStartOptions(ModelPath: modelFile, GeneratorFactory: factory));
        await session.InitializeAsync(Capabilities);
        await session.Client.WaitForAsync(m => m.Method == "glm/status" && m.Params == Ready);

        // Throttling may drop intermediate percentages, never the first status or the last, and never the order.
        var statuses = Statuses(session);
        string[] possible =
        [
            """{"state":"loading","percent":0}""",
            """{"state":"loading","percent":25}""",
            """{"state":"loading","percent":50}""",
            """{"state":"loading","percent":75}""",
            """{"state":"loading","percent":100}""",
            Ready,
        ];
        Assert.Equal(possible[0], statuses[0]);
        Assert.Equal(Ready, statuses[^1]);
        Assert.Equal(statuses, possible.Where(statuses.Contains));
    }

    [Fact]
    public async Task NoModelConfigured_SendsIdleWithTheMessageAndTheSetting()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync(Capabilities);
        var status = await session.Client.WaitForAsync(m => m.Method == "glm/status");
        Assert.Equal(
            """{"state":"idle","message":"glm-lsp: no model is configured: none of --model, initializationOptions.modelPath or the glm.modelPath setting is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4).","setting":"glm.modelPath"}""",
            status.Params);
    }

    [Fact]
    public async Task MissingFile_SendsErrorNamingTheSetting()
    {
        await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: new ScriptedGeneratorFactory(new ScriptedGenerator())));
        await session.InitializeAsync(Capabilities, """{"modelPath":"/no/such/model.gguf"}""");
        var status = await session.Client.WaitForAsync(m => m.Method == "glm/status");
        Assert.Equal(
            """{"state":"error","message":"glm-lsp: the model file \"/no/such/model.gguf\" (from initializationOptions.modelPath) does not exist. Point --model, initializationOptions.modelPath or the glm.modelPath setting at an existing GGUF file.","setting":"glm.modelPath"}""",
            status.Params);
    }

    [Fact]
    public async Task Generation_SendsGeneratingThenReadyWithTheLastSpeed()
    {
        var release = new TaskCompletionSource();
        var generator = new ScriptedGenerator { Respond = _ => " and more" };
        await using var ready = await ReadySession.StartAsync(generator);
        await ready.Session.Client.WaitForAsync(m => m.Method == "glm/status" && m.Params == Ready);
        await ready.OpenAsync("file:///notes/a.md", "markdown", "Some prose");
        generator.Gate = release.Task;
        var completion = ready.InlineAsync("file:///notes/a.md", 0, 10);

        await ready.Session.Client.WaitForAsync(m => m.Method == "glm/status" && m.Params.Contains("generating", StringComparison.Ordinal));
        release.SetResult();
        Assert.Equal("""{"items":[{"insertText":" and more","range":{"start":{"line":0,"character":10},"end":{"line":0,"character":10}}}]}""", await completion);
        // The scripted generator takes 1 ms per chunk: 3 chunks in 3 ms is 1000 tokens per second.
        var readyAgain = """{"state":"ready","model":"scripted","backend":"scripted (tests)","contextLength":4096,"lastTokensPerSecond":1000}""";
        await ready.Session.Client.WaitForAsync(m => m.Method == "glm/status" && m.Params == readyAgain);
        Assert.Equal(
            [Ready, """{"state":"generating","model":"scripted","backend":"scripted (tests)","contextLength":4096}""", readyAgain],
            Statuses(ready.Session).SkipWhile(s => s != Ready));
    }

    [Fact]
    public async Task Notifier_SendsTheFirstAndTheLatestStatusAndNeverRepeatsOne()
    {
        var client = new CountingClient();
        var notifier = new StatusNotifier(client, NullLogger.Instance, TimeSpan.FromMilliseconds(200));
        for (var percent = 0; percent <= 100; percent++)
        {
            notifier.Publish(GlmStatus.Loading(percent));
        }

        await ReadySession.WaitUntil(() => client.Sent.Count == 2);
        notifier.Publish(GlmStatus.Loading(100));
        await Task.Delay(400);
        Assert.Equal([GlmStatus.Loading(0), GlmStatus.Loading(100)], client.Sent);
    }

    private static List<string> Statuses(LspTestSession session) =>
        [.. session.Client.Messages.Where(m => m.Method == "glm/status").Select(m => m.Params)];

    private sealed class CountingClient : ILanguageClient
    {
        public System.Collections.Concurrent.ConcurrentQueue<GlmStatus> SentQueue { get; } = new();

        public List<GlmStatus> Sent => [.. SentQueue];

        public ClientCapabilities Capabilities => ClientCapabilities.None;

        public Task SendStatusAsync(GlmStatus status, CancellationToken cancellationToken)
        {
            SentQueue.Enqueue(status);
            return Task.CompletedTask;
        }

        public Task ShowMessageAsync(MessageType type, string message, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> CreateWorkDoneProgressAsync(System.Text.Json.JsonElement token, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task SendProgressAsync(System.Text.Json.JsonElement token, object value, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<System.Text.Json.JsonElement?> GetConfigurationAsync(CancellationToken cancellationToken) => Task.FromResult<System.Text.Json.JsonElement?>(null);
    }
}
