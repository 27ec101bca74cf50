using System.Text.Json;
using System.Text.Json.Nodes;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Tests.Settings;

/// <summary>The declaration table: its schema equals the VS Code client's fixture, and each kind of value is checked.</summary>
public sealed class SettingsCatalogTests
{
    [Fact]
    public void TheSchema_EqualsTheFixtureTheVsCodeClientIsCheckedAgainst()
    {
        // AppContext.BaseDirectory is tests/Glm.Lsp.Tests/bin/<Configuration>/<tfm>/.
        var root = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "clients", "vscode", "test", "fixtures", "server-settings-schema.json")));

        var schema = SettingsSchema.Build();

        Assert.True(
            JsonNode.DeepEquals(fixture, schema),
            "SettingsSchema.Build() differs from clients/vscode/test/fixtures/server-settings-schema.json; regenerate the fixture (clients/vscode/scripts/server-settings.mjs).\n"
            + schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    [Theory]
    [InlineData("""{"temperature":-0.5}""", "glm.temperature must be a number of at least 0; got -0.5.")]
    [InlineData("""{"temperature":"warm"}""", "glm.temperature must be a number of at least 0; got \"warm\".")]
    [InlineData("""{"modelPath":42}""", "glm.modelPath must be a string; got 42.")]
    [InlineData("""{"remote":{"model":["glm-4"]}}""", "glm.remote.model must be a string; got [\"glm-4\"].")]
    [InlineData("""{"completionLanguages":["markdown",3]}""", "glm.completionLanguages must be an array of strings; got [\"markdown\",3].")]
    [InlineData("""{"maxTokens":0}""", "glm.maxTokens must be an integer of at least 1; got 0.")]
    [InlineData("""{"maxTokens":2.5}""", "glm.maxTokens must be an integer of at least 1; got 2.5.")]
    [InlineData("""{"useMemoryMap":1}""", "glm.useMemoryMap must be true or false; got 1.")]
    [InlineData("""{"gpuLayers":-1}""", "glm.gpuLayers must be \"auto\" or an integer of at least 0; got -1.")]
    [InlineData("""{"gpuLayers":"all"}""", "glm.gpuLayers must be \"auto\" or an integer of at least 0; got \"all\".")]
    [InlineData("""{"gpuLayers":"AUTO"}""", "glm.gpuLayers must be \"auto\" or an integer of at least 0; got \"AUTO\".")]
    [InlineData("""{"gpuLayers":1.5}""", "glm.gpuLayers must be \"auto\" or an integer of at least 0; got 1.5.")]
    public void ABadValue_IsReportedNamingTheSetting_AndTheDefaultStays(string json, string problem)
    {
        using var document = JsonDocument.Parse(json);

        var result = SettingsReader.Apply(SettingsCatalog.Defaults, document.RootElement);

        Assert.Equal([problem], result.Problems);
        Assert.Equal(SettingsCatalog.Defaults, result.Settings);
    }

    [Fact]
    public void GoodValuesOfEachKind_AreApplied()
    {
        using var document = JsonDocument.Parse(
            """{"temperature":0,"modelPath":"/m.gguf","remote":{"model":" glm-4 ","endpoint":" https://h/v1 "},"maxTokens":1,"useMemoryMap":false,"translationTarget":"chinese"}""");

        var result = SettingsReader.Apply(SettingsCatalog.Defaults with { UseMemoryMap = true }, document.RootElement);

        Assert.Empty(result.Problems);
        Assert.Equal((0.0, "/m.gguf", "glm-4", "https://h/v1", 1, false, "chinese"),
            (result.Settings.Temperature, result.Settings.ModelPath, result.Settings.RemoteModel, result.Settings.RemoteEndpoint, result.Settings.MaxTokens, result.Settings.UseMemoryMap, result.Settings.TranslationTarget));
    }

    [Theory]
    [InlineData("""{"gpuLayers":0}""", 0)]
    [InlineData("""{"gpuLayers":33}""", 33)]
    [InlineData("""{"gpuLayers":"auto"}""", null)]
    public void GpuLayers_TakesAnIntegerFromZeroOrTheWordAuto(string json, int? layers)
    {
        using var document = JsonDocument.Parse(json);

        var result = SettingsReader.Apply(SettingsCatalog.Defaults with { GpuLayers = 7 }, document.RootElement);

        Assert.Empty(result.Problems);
        Assert.Equal(layers, result.Settings.GpuLayers);
    }

    [Fact]
    public void IsListed_MatchesTheStarOrTheLanguageIgnoringCase()
    {
        Assert.True(GlmSettings.IsListed(["*"], "python"));
        Assert.True(GlmSettings.IsListed(["markdown", "python"], "Python"));
        Assert.False(GlmSettings.IsListed(["markdown"], "python"));
        Assert.False(GlmSettings.IsListed([], "python"));
    }

    [Fact]
    public void ARemoteBackend_IsNamedByItsEndpointAndModel()
    {
        Assert.Equal("remote https://gpu:8000/v1 glm-4", new RemoteModelSettings("https://gpu:8000/v1", "glm-4", false, "", "").Display);
    }

    [Fact]
    public void ARemoteBackendPrinted_ShowsItsEndpointAndProxyRedacted()
    {
        var settings = new RemoteModelSettings("https://user:secret@gpu:8000/v1?key=k", "glm-4", true, "http://me:pw@proxy:3128", "/etc/ca.pem");

        Assert.Equal(
            "RemoteModelSettings { Endpoint = https://***@gpu:8000/v1?***, Model = glm-4, AllowInsecureHttp = True, Proxy = http://***@proxy:3128/, CaCertificates = /etc/ca.pem }",
            settings.ToString());
    }
}
