using System.Text.Json;
using Glm.Lsp.Models;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>
/// Settings that arrive after 'initialized' (Neovim pushes them with didChangeConfiguration): a server with no model by
/// then waits for them before it says "no model is configured". The wait is unbounded here, so the order of the
/// messages alone decides what happens.
/// </summary>
public sealed class LateSettingsTests : IDisposable
{
    private const string PushOnly = """{"textDocument":{"inlineCompletion":{}}}""";
    private const string Pulls = """{"workspace":{"configuration":true},"textDocument":{"inlineCompletion":{}}}""";
    private readonly string modelFile = Path.Combine(Path.GetTempPath(), $"glm-lsp-test-{Guid.NewGuid():N}.gguf");

    public LateSettingsTests() => File.WriteAllText(modelFile, "GGUF");

    public void Dispose() => File.Delete(modelFile);

    private static LspTestSession Start(ScriptedGeneratorFactory factory) =>
        LspTestSession.Start(new ServerStartOptions(GeneratorFactory: factory) { LateSettingsBound = TimeSpan.FromHours(1) });

    [Fact]
    public async Task ModelPathPushedAfterInitialized_LoadsWithoutANoModelMessage()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = Start(factory);
        await session.InitializeAsync(PushOnly);
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"modelPath":""" + JsonSerializer.Serialize(modelFile) + "}}}");
        await ReadySession.WaitUntil(() => session.Server.Models.State == ModelLoadState.Ready);
        Assert.DoesNotContain(session.Client.Messages, m => m.Method == "window/showMessage");
        Assert.DoesNotContain(session.Client.Messages, m => m.Params.Contains("no model", StringComparison.Ordinal));
        Assert.Single(factory.Loads);
    }

    [Fact]
    public async Task PulledSettingsWithoutAModel_WaitForTheFirstDidChangeConfiguration()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = Start(factory);
        await session.InitializeAsync(Pulls);
        await session.Client.WaitForAsync(m => m.Method == "workspace/configuration");
        session.Client.ConfigurationAnswer = """{"modelPath":""" + JsonSerializer.Serialize(modelFile) + "}";
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":null}""");
        await ReadySession.WaitUntil(() => session.Server.Models.State == ModelLoadState.Ready);
        Assert.DoesNotContain(session.Client.Messages, m => m.Method == "window/showMessage");
        Assert.Equal(2, session.Client.Messages.Count(m => m.Method == "workspace/configuration"));
    }

    [Fact]
    public async Task PushedSettingsWithoutAModel_ReportItAtOnce_NamingEveryPlaceAModelPathIsRead()
    {
        await using var session = Start(new ScriptedGeneratorFactory(new ScriptedGenerator()));
        await session.InitializeAsync(PushOnly);
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"maxTokens":32}}}""");
        var message = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal(
            """{"type":2,"message":"glm-lsp: no model is configured: none of --model, initializationOptions.modelPath or the glm.modelPath setting is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4)."}""",
            message.Params);
        Assert.Equal(ModelLoadState.NotConfigured, session.Server.Models.State);
    }

    [Fact]
    public async Task AMissingFilePushedAfterInitialized_IsReportedAsComingFromTheSetting()
    {
        await using var session = Start(new ScriptedGeneratorFactory(new ScriptedGenerator()));
        await session.InitializeAsync(PushOnly);
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"modelPath":"/no/such/model.gguf"}}}""");
        var message = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal(
            """{"type":1,"message":"glm-lsp: the model file \"/no/such/model.gguf\" (from the glm.modelPath setting) does not exist. Point --model, initializationOptions.modelPath or the glm.modelPath setting at an existing GGUF file."}""",
            message.Params);
    }
}
