using System.Collections.Concurrent;
using System.Text.Json;
using Glm.Inference.Generation;
using Glm.Lsp.Client;
using Glm.Lsp.Handlers.Status;
using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Glm.Lsp.Tests;

/// <summary>The one reporter that turns the model host's plain statuses into glm/status, $/progress and window/showMessage.</summary>
public sealed class ModelStatusReporterTests
{
    [Fact]
    public async Task ALoadReplacedByANewerOne_EndsItsBarAsCancelled_AndTheNewerLoadGetsItsOwnBar()
    {
        var client = new ProgressRecordingClient();
        var reporter = new ModelStatusReporter(client, NullLogger.Instance);

        reporter.StatusChanged(new ModelStatus(ModelLoadState.Loading, LoadId: 1, LoadingFile: "a.gguf", LoadPercent: 0));
        reporter.StatusChanged(new ModelStatus(ModelLoadState.Loading, LoadId: 1, LoadingFile: "a.gguf", LoadPercent: 40));
        reporter.StatusChanged(new ModelStatus(ModelLoadState.Loading, LoadId: 2, LoadingFile: "b.gguf", LoadPercent: 0));
        reporter.StatusChanged(new ModelStatus(ModelLoadState.Ready, LoadId: 2, Model: "b"));
        reporter.StatusChanged(new ModelStatus(ModelLoadState.Ready, LoadId: 2, Generating: true, Model: "b"));

        await ReadySession.WaitUntil(() => client.Sent.Count == 7);
        Assert.Equal(
            [
                "create 1",
                """1 {"kind":"begin","title":"Loading GLM model","message":"a.gguf","percentage":0,"cancellable":false}""",
                """1 {"kind":"report","percentage":40}""",
                """1 {"kind":"end","message":"Cancelled: the model settings changed"}""",
                "create 2",
                """2 {"kind":"begin","title":"Loading GLM model","message":"b.gguf","percentage":0,"cancellable":false}""",
                """2 {"kind":"end","message":"Loaded b"}""",
            ],
            client.Sent);
    }

    [Fact]
    public async Task AFailedLoad_EndsItsBarAsFailed_ThenShowsTheProblemOnce()
    {
        var client = new ProgressRecordingClient();
        var reporter = new ModelStatusReporter(client, NullLogger.Instance);

        reporter.StatusChanged(new ModelStatus(ModelLoadState.Loading, LoadId: 1, LoadingFile: "a.gguf", LoadPercent: 0));
        reporter.StatusChanged(new ModelStatus(ModelLoadState.Failed, LoadId: 1, Message: "bad", Setting: "glm.modelPath"));
        reporter.ProblemFound(new ModelProblem(IsError: true, "bad"));

        await ReadySession.WaitUntil(() => client.Sent.Count == 4);
        Assert.Equal(
            [
                "create 1",
                """1 {"kind":"begin","title":"Loading GLM model","message":"a.gguf","percentage":0,"cancellable":false}""",
                """1 {"kind":"end","message":"Failed"}""",
                "showMessage Error bad",
            ],
            client.Sent);
    }

    [Fact]
    public void Conversion_NamesEachStateInTheProtocolsWords()
    {
        Assert.Equal(new GlmStatus("idle"), GlmStatusConversion.ToProtocol(new ModelStatus(ModelLoadState.NotConfigured, 0), SettingsCatalog.Defaults));
        Assert.Equal(
            new GlmStatus("loading", Percent: 7, Message: "changed on disk"),
            GlmStatusConversion.ToProtocol(new ModelStatus(ModelLoadState.Loading, 1, LoadingFile: "a.gguf", LoadPercent: 7, Message: "changed on disk"), SettingsCatalog.Defaults));
        Assert.Equal(
            new GlmStatus("error", Message: "bad", Setting: "glm.remote.endpoint"),
            GlmStatusConversion.ToProtocol(new ModelStatus(ModelLoadState.Failed, 1, Message: "bad", Setting: "glm.remote.endpoint"), SettingsCatalog.Defaults));
        Assert.Equal(
            new GlmStatus("generating", Model: "m", Backend: "CPU", ContextLength: 512, LastTokensPerSecond: 12.3, LastFailure: "gone"),
            GlmStatusConversion.ToProtocol(new ModelStatus(ModelLoadState.Ready, 1, Generating: true, Model: "m", Backend: "CPU", ContextLength: 512, LastTokensPerSecond: 12.345, LastFailure: "gone"), SettingsCatalog.Defaults));
    }

    [Fact]
    public void Conversion_ShowsTheMeasuredSpeeds_AndTheTokensASuggestionGetsWithinTheBudget()
    {
        var status = new ModelStatus(ModelLoadState.Ready, 1, Model: "m", Speeds: new MeasuredSpeeds(123.456, 9.87));

        // The default 2 s budget, 8 new prompt tokens (0.06 s): 1.94 s at 9.87 tokens/s is 19 tokens.
        Assert.Equal(
            new GlmStatus("ready", Model: "m", PromptTokensPerSecond: 123.5, GenerationTokensPerSecond: 9.9, TokensPerSuggestion: 19),
            GlmStatusConversion.ToProtocol(status, SettingsCatalog.Defaults));
        // Without a budget the speeds are still shown, with no estimate.
        Assert.Equal(
            new GlmStatus("ready", Model: "m", PromptTokensPerSecond: 123.5, GenerationTokensPerSecond: 9.9),
            GlmStatusConversion.ToProtocol(status, SettingsCatalog.Defaults with { LatencyBudgetMs = 0 }));
    }

    /// <summary>Records create, $/progress (token number and value) and showMessage in the order they were sent.</summary>
    private sealed class ProgressRecordingClient : ILanguageClient
    {
        private readonly ConcurrentQueue<string> sent = new();

        /// <summary>Tokens are numbered across the process; the test names them by their order of creation.</summary>
        private readonly Dictionary<string, int> tokens = [];

        public List<string> Sent => [.. sent];

        public ClientCapabilities Capabilities => ClientCapabilities.None;

        public Task ShowMessageAsync(MessageType type, string message, CancellationToken cancellationToken)
        {
            sent.Enqueue($"showMessage {type} {message}");
            return Task.CompletedTask;
        }

        public Task<bool> CreateWorkDoneProgressAsync(JsonElement token, CancellationToken cancellationToken)
        {
            sent.Enqueue($"create {Load(token)}");
            return Task.FromResult(true);
        }

        public Task SendProgressAsync(JsonElement token, object value, CancellationToken cancellationToken)
        {
            sent.Enqueue($"{Load(token)} {JsonSerializer.Serialize(value, value.GetType(), global::Glm.Lsp.Server.LspJson.Options)}");
            return Task.CompletedTask;
        }

        public Task SendStatusAsync(GlmStatus status, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<JsonElement?> GetConfigurationAsync(CancellationToken cancellationToken) => Task.FromResult<JsonElement?>(null);

        private int Load(JsonElement token)
        {
            lock (tokens)
            {
                var key = token.GetString()!;
                if (!tokens.TryGetValue(key, out var number))
                {
                    number = tokens.Count + 1;
                    tokens[key] = number;
                }

                return number;
            }
        }
    }
}
