using Glm.Lsp.Client;
using Glm.Lsp.Models;
using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>Background model loading after 'initialized': progress, one clear message on failure, reload on fix.</summary>
public sealed class ModelLoadingTests : IDisposable
{
    private const string NoConfigurationCapability = """{"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";
    private readonly string modelFile = Path.Combine(Path.GetTempPath(), $"glm-lsp-test-{Guid.NewGuid():N}.gguf");

    public ModelLoadingTests() => File.WriteAllText(modelFile, "GGUF");

    public void Dispose() => File.Delete(modelFile);

    [Fact]
    public async Task Load_ReportsWorkDoneProgressPercentagesThenBecomesReady()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = LspTestSession.Start(new ServerStartOptions(ModelPath: modelFile, GeneratorFactory: factory));
        await session.InitializeAsync(NoConfigurationCapability);
        await session.Client.WaitForAsync(m => m.Params.Contains("\"kind\":\"end\"", StringComparison.Ordinal));

        var name = Path.GetFileName(modelFile);
        Assert.Equal(
            [
                ("window/workDoneProgress/create", """{"token":"glm/modelLoad/N"}"""),
                ("$/progress", $$$"""{"token":"glm/modelLoad/N","value":{"kind":"begin","title":"Loading GLM model","message":"{{{name}}}","percentage":0,"cancellable":false}}"""),
                ("$/progress", """{"token":"glm/modelLoad/N","value":{"kind":"report","percentage":25}}"""),
                ("$/progress", """{"token":"glm/modelLoad/N","value":{"kind":"report","percentage":50}}"""),
                ("$/progress", """{"token":"glm/modelLoad/N","value":{"kind":"report","percentage":75}}"""),
                ("$/progress", """{"token":"glm/modelLoad/N","value":{"kind":"report","percentage":100}}"""),
                ("$/progress", """{"token":"glm/modelLoad/N","value":{"kind":"end","message":"Loaded scripted"}}"""),
            ],
            session.Client.Messages.Where(m => m.Method != "glm/status").Select(m => (m.Method, NormalizeToken(m.Params))));
        Assert.Equal(ModelLoadState.Ready, session.Server.Models.State);
        Assert.NotNull(session.Server.Models.Generator);
    }

    [Fact]
    public async Task ClientThatNeverAnswersProgressCreate_DoesNotStallTheLoad()
    {
        // Regression: the load used to wait forever for the answer to window/workDoneProgress/create.
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = LspTestSession.Start(new ServerStartOptions(ModelPath: modelFile, GeneratorFactory: factory));
        session.Client.AnswersProgressCreate = false;
        await session.InitializeAsync(NoConfigurationCapability);

        var deadline = DateTime.UtcNow + JsonRpcLanguageClient.AnswerTimeout + TimeSpan.FromSeconds(20);
        while (session.Server.Models.State != ModelLoadState.Ready && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(ModelLoadState.Ready, session.Server.Models.State);
        Assert.DoesNotContain(session.Client.Messages, m => m.Method == "$/progress");
    }

    [Fact]
    public async Task NoModelConfigured_ShowsOneWarningNamingTheSetting()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync(NoConfigurationCapability);
        var message = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal("""{"type":2,"message":"glm-lsp: no model is configured: none of --model, initializationOptions.modelPath or the glm.modelPath setting is set. Point one at a GLM GGUF file (ChatGLM3-6B, GLM-4-9B or CodeGeeX4)."}""", message.Params);
        await session.RequestAsync("glm/settingsSchema");
        Assert.Single(session.Client.Messages, m => m.Method == "window/showMessage");
        Assert.Equal(ModelLoadState.NotConfigured, session.Server.Models.State);
    }

    [Fact]
    public async Task MissingFile_ShowsOneErrorAndTheServerReloadsWhenTheSettingIsFixed()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: factory));
        await session.InitializeAsync(NoConfigurationCapability, """{"modelPath":"/no/such/model.gguf"}""");
        var message = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal("""{"type":1,"message":"glm-lsp: the model file \"/no/such/model.gguf\" (from initializationOptions.modelPath) does not exist. Point --model, initializationOptions.modelPath or the glm.modelPath setting at an existing GGUF file."}""", message.Params);
        Assert.Equal(ModelLoadState.Failed, session.Server.Models.State);

        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"modelPath":""" + System.Text.Json.JsonSerializer.Serialize(modelFile) + "}}}");
        await SettingsTests.WaitUntil(() => session.Server.Models.State == ModelLoadState.Ready);
        Assert.Single(factory.Loads);
        Assert.Single(session.Client.Messages, m => m.Method == "window/showMessage");
    }

    [Fact]
    public async Task BrokenModel_ShowsTheEnginesReasonAndTheSetting()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator()) { Failure = new InvalidDataException("not a GGUF file (bad magic).") };
        await using var session = LspTestSession.Start(new ServerStartOptions(ModelPath: modelFile, GeneratorFactory: factory));
        await session.InitializeAsync(NoConfigurationCapability);
        var message = await session.Client.WaitForAsync(m => m.Method == "window/showMessage");
        Assert.Equal($$"""{"type":1,"message":"glm-lsp: the model file \"{{modelFile}}\" (from --model) could not be loaded: not a GGUF file (bad magic). Point --model, initializationOptions.modelPath or the glm.modelPath setting at a valid GLM GGUF file."}""", message.Params);
        Assert.Equal(ModelLoadState.Failed, session.Server.Models.State);
        Assert.Equal("null", await session.RequestAsync("shutdown"));
    }

    [Fact]
    public async Task UnchangedModelSettings_DoNotReload()
    {
        var factory = new ScriptedGeneratorFactory(new ScriptedGenerator());
        await using var session = LspTestSession.Start(new ServerStartOptions(ModelPath: modelFile, GeneratorFactory: factory));
        await session.InitializeAsync(NoConfigurationCapability);
        await SettingsTests.WaitUntil(() => session.Server.Models.State == ModelLoadState.Ready);
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"maxTokens":5}}}""");
        await session.RequestAsync("glm/settingsSchema");
        Assert.Single(factory.Loads);
    }

    private static string NormalizeToken(string json) =>
        System.Text.RegularExpressions.Regex.Replace(json, "glm/modelLoad/\\d+", "glm/modelLoad/N");
}
