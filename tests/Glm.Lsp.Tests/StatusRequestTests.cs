using Glm.Lsp.Tests.Infrastructure;
using StreamJsonRpc;

namespace Glm.Lsp.Tests;

/// <summary>glm/getStatus answers with the glm/status notification's shape; workspace/executeCommand has no status command.</summary>
public sealed class StatusRequestTests
{
    [Fact]
    public async Task GetStatus_ReportsModelBackendContextAndLastSpeed()
    {
        var generator = new ScriptedGenerator { Respond = _ => "abcdefgh" };
        await using var ready = await ReadySession.StartAsync(generator);
        Assert.Equal(
            """{"state":"ready","model":"scripted","backend":"scripted (tests)","contextLength":4096}""",
            await ready.Session.RequestAsync("glm/getStatus"));

        await ready.OpenAsync("file:///notes/a.md", "markdown", "Hello ");
        await ready.InlineAsync("file:///notes/a.md", 0, 6);
        // The scripted generator reports one token per chunk and one millisecond per token: 1000 tokens/s.
        Assert.Equal(
            """{"state":"ready","model":"scripted","backend":"scripted (tests)","contextLength":4096,"lastTokensPerSecond":1000}""",
            await ready.Session.RequestAsync("glm/getStatus", "{}"));
    }

    [Fact]
    public async Task GetStatus_ReportsTheMeasuredSpeeds_AndTokensPerSuggestionForTheCurrentBudget()
    {
        var generator = new ScriptedGenerator { Speeds = new Glm.Inference.Generation.MeasuredSpeeds(100, 10) };
        await using var ready = await ReadySession.StartAsync(generator, """{"latencyBudgetMs":3000}""");

        // 3 s less 8 new prompt tokens at 100 tokens/s leaves 2.92 s: 29 tokens at 10 tokens/s.
        Assert.Equal(
            """{"state":"ready","model":"scripted","backend":"scripted (tests)","contextLength":4096,"promptTokensPerSecond":100,"generationTokensPerSecond":10,"tokensPerSuggestion":29}""",
            await ready.Session.RequestAsync("glm/getStatus"));
    }

    [Fact]
    public async Task GetStatus_WithoutAModel_SaysWhyAndNamesTheSetting()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync("""{"textDocument":{"inlineCompletion":{}}}""", """{"modelPath":"/no/such.gguf"}""");
        await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal(
            """{"state":"error","message":"glm-lsp: the model file \"/no/such.gguf\" (from initializationOptions.modelPath) does not exist. Point --model, initializationOptions.modelPath or the glm.modelPath setting at an existing GGUF file.","setting":"glm.modelPath"}""",
            await session.RequestAsync("glm/getStatus"));
    }

    [Fact]
    public async Task GetStatus_AnswersWhatTheLastNotificationSaid()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync("""{"textDocument":{"inlineCompletion":{}}}""");
        var notification = await session.Client.WaitForAsync(m => m.Method == "glm/status");
        Assert.Equal(notification.Params, await session.RequestAsync("glm/getStatus"));
    }

    [Fact]
    public async Task StatusIsNotAnExecuteCommand()
    {
        await using var session = LspTestSession.Start();
        var initialize = await session.InitializeAsync("""{"textDocument":{"inlineCompletion":{}}}""");
        Assert.Contains("\"executeCommandProvider\":{\"commands\":[\"glm.translate\",\"glm.rewrite\"]}", initialize, StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => session.RequestAsync("workspace/executeCommand", """{"command":"glm.status"}"""));
        Assert.Equal("Unknown command: glm.status", error.Message);
    }
}
