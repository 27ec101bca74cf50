using System.Text.Json;
using Glm.Inference.Engine;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Glm.Lsp.Tests.Infrastructure;

namespace Glm.Lsp.Tests;

/// <summary>Settings from initializationOptions, didChangeConfiguration, workspace/configuration and --model.</summary>
public sealed class SettingsTests
{
    private const string NoConfigurationCapability = """{"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";

    [Fact]
    public async Task SettingsSchema_DeclaresEverySettingOnceWithDefaultsAndEnums()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync();
        using var schema = JsonDocument.Parse(await session.RequestAsync("glm/settingsSchema"));
        var properties = schema.RootElement.GetProperty("properties");
        Assert.Equal(
            ["glm.modelPath", "glm.gpuLayers", "glm.contextSize", "glm.threads", "glm.slots", "glm.useMemoryMap", "glm.temperature", "glm.speculativeDecoding", "glm.maxTokens",
             "glm.completionMode", "glm.completionLanguages", "glm.translationLanguages", "glm.translationTarget",
             "glm.promptTokenBudget", "glm.latencyBudgetMs", "glm.backgroundPrefill", "glm.hoverTimeBudgetMs", "glm.remote.endpoint", "glm.remote.model", "glm.remote.allowInsecureHttp",
             "glm.network.proxy", "glm.network.caCertificates", "glm.modelDirectories", "glm.logLevel"],
            properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(
            """{"type":"string","default":"automatic","description":"When inline completions are offered: never, while typing, or only when asked for explicitly.","enum":["off","automatic","invoked"]}""",
            properties.GetProperty("glm.completionMode").GetRawText());
        Assert.Equal(
            """{"type":"integer","default":4096,"description":"Tokens of model context in all, shared equally by the slots; each request's prompt plus generated text must fit in its slot's share.","minimum":256}""",
            properties.GetProperty("glm.contextSize").GetRawText());
        Assert.Equal("""["*"]""", properties.GetProperty("glm.completionLanguages").GetProperty("default").GetRawText());
        Assert.Equal(
            """{"type":"boolean","default":false,"description":"Allow plain http:// to a remote endpoint that is not this machine. Off: such endpoints are refused, because the API key and your text would cross the network unencrypted.","scope":"application"}""",
            properties.GetProperty("glm.remote.allowInsecureHttp").GetRawText());
        Assert.Equal(
            ["glm.remote.endpoint", "glm.remote.model", "glm.remote.allowInsecureHttp", "glm.network.proxy", "glm.network.caCertificates"],
            properties.EnumerateObject().Where(p => p.Value.TryGetProperty("scope", out var scope) && scope.GetString() == "application").Select(p => p.Name));
    }

    [Fact]
    public async Task DottedSettings_AreReadFlatAndNestedAsVsCodeSendsThem()
    {
        await using var flat = LspTestSession.Start();
        await flat.InitializeAsync(NoConfigurationCapability, """{"remote.endpoint":" http://127.0.0.1:9/v1 ","remote.model":"glm-4","remote.allowInsecureHttp":true}""");
        Assert.Equal(new RemoteModelSettings("http://127.0.0.1:9/v1", "glm-4", true, "", ""), flat.Server.Settings.Model.Remote);

        await using var nested = LspTestSession.Start();
        await nested.InitializeAsync(NoConfigurationCapability,
            """{"glm":{"remote":{"endpoint":"https://gpu:8000/v1","model":"codegeex4"},"network":{"proxy":"http://proxy:3128","caCertificates":"/etc/corp.pem"},"modelDirectories":["/models"]}}""");
        Assert.Equal(new RemoteModelSettings("https://gpu:8000/v1", "codegeex4", false, "http://proxy:3128", "/etc/corp.pem"), nested.Server.Settings.Model.Remote);
        Assert.Equal(["/models"], nested.Server.Settings.ModelDirectories);
        Assert.Null(SettingsCatalog.Defaults.Model.Remote);
    }

    [Fact]
    public void BadRemoteSettings_AreReportedNamingTheSetting()
    {
        using var json = JsonDocument.Parse("""{"remote":{"allowInsecureHttp":"yes"},"modelDirectories":"/models"}""");
        var result = SettingsReader.Apply(SettingsCatalog.Defaults, json.RootElement);
        Assert.Equal(
            ["glm.remote.allowInsecureHttp must be true or false; got \"yes\".", "glm.modelDirectories must be an array of strings; got \"/models\"."],
            result.Problems);
    }

    [Fact]
    public void Defaults_ComeFromTheDeclarationTable()
    {
        var defaults = SettingsCatalog.Defaults;
        Assert.Equal("", defaults.ModelPath);
        Assert.Equal(4096, defaults.ContextSize);
        Assert.Equal(1, defaults.Slots);
        Assert.Equal(64, defaults.MaxTokens);
        Assert.Equal(CompletionMode.Automatic, defaults.CompletionMode);
        Assert.Equal(["*"], defaults.CompletionLanguages);
        Assert.Equal("auto", defaults.TranslationTarget);
    }

    [Fact]
    public async Task InitializationOptions_FlatOrNestedUnderGlm_AreApplied()
    {
        await using var flat = LspTestSession.Start();
        await flat.InitializeAsync(NoConfigurationCapability, """{"contextSize":2048,"completionMode":"invoked"}""");
        Assert.Equal(2048, flat.Server.Settings.ContextSize);
        Assert.Equal(CompletionMode.Invoked, flat.Server.Settings.CompletionMode);

        await using var nested = LspTestSession.Start();
        await nested.InitializeAsync(NoConfigurationCapability, """{"glm":{"threads":3,"completionLanguages":["markdown"]}}""");
        Assert.Equal(3, nested.Server.Settings.Threads);
        Assert.Equal(["markdown"], nested.Server.Settings.CompletionLanguages);
    }

    [Fact]
    public async Task UseMemoryMap_DefaultsToOffAndIsPartOfTheModelSettings()
    {
        Assert.False(SettingsCatalog.Defaults.Model.UseMemoryMap);
        Assert.False(new EngineOptions("model.gguf").UseMemoryMap);
        await using var session = LspTestSession.Start();
        await session.InitializeAsync(NoConfigurationCapability, """{"useMemoryMap":true}""");

        Assert.True(session.Server.Settings.Model.UseMemoryMap);
        Assert.NotEqual(SettingsCatalog.Defaults.Model with { ModelPath = "" }, session.Server.Settings.Model with { ModelPath = "" });
    }

    [Fact]
    public async Task InvalidValues_KeepTheDefaultAndAreReportedOnce()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync(NoConfigurationCapability, """{"contextSize":"big","completionMode":"sometimes","slots":2}""");
        var message = await session.Client.WaitForAsync(m => m.Params.Contains("ignored invalid settings", StringComparison.Ordinal));
        Assert.Equal(
            """{"type":2,"message":"glm-lsp: ignored invalid settings: glm.contextSize must be an integer of at least 256; got \"big\". glm.completionMode must be one of off, automatic, invoked; got \"sometimes\"."}""",
            message.Params);
        Assert.Equal(4096, session.Server.Settings.ContextSize);
        Assert.Equal(2, session.Server.Settings.Slots);
    }

    [Fact]
    public async Task DidChangeConfiguration_WithoutPullSupport_UsesThePushedSettings()
    {
        await using var session = LspTestSession.Start();
        await session.InitializeAsync(NoConfigurationCapability);
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"glm":{"maxTokens":12,"temperature":0.5}}}""");
        await session.RequestAsync("glm/settingsSchema");
        Assert.Equal(12, session.Server.Settings.MaxTokens);
        Assert.Equal(0.5, session.Server.Settings.Temperature);
    }

    [Fact]
    public async Task DidChangeConfiguration_WithPullSupport_AsksForSectionGlm()
    {
        var client = new RecordingClient { ConfigurationAnswer = """{"maxTokens":7}""" };
        await using var session = LspTestSession.Start(client: client);
        await session.InitializeAsync();
        var pull = await client.WaitForAsync(m => m.Method == "workspace/configuration");
        Assert.Equal("""{"items":[{"section":"glm"}]}""", pull.Params);
        await WaitUntil(() => session.Server.Settings.MaxTokens == 7);

        client.ConfigurationAnswer = """{"maxTokens":9}""";
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":null}""");
        await WaitUntil(() => session.Server.Settings.MaxTokens == 9);
        Assert.Equal(2, client.Messages.Count(m => m.Method == "workspace/configuration"));
    }

    [Fact]
    public async Task CommandLineModel_IsUsedWhenTheClientLeavesModelPathEmpty()
    {
        await using var session = LspTestSession.Start(new ServerStartOptions(ModelPath: "/models/cli.gguf"));
        await session.InitializeAsync(NoConfigurationCapability, """{"modelPath":""}""");
        Assert.Equal("/models/cli.gguf", session.Server.Settings.ModelPath);
        await session.NotifyAsync("workspace/didChangeConfiguration", """{"settings":{"modelPath":"/models/client.gguf"}}""");
        await session.RequestAsync("glm/settingsSchema");
        Assert.Equal("/models/client.gguf", session.Server.Settings.ModelPath);
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 10 seconds.");
            await Task.Delay(10);
        }
    }
}
