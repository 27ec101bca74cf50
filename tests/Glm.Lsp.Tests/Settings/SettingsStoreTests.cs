using System.Text.Json;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Tests.Settings;

/// <summary>
/// How successive settings objects layer on each other, without a server: initializationOptions first, then partial
/// didChangeConfiguration pushes. A push names only what changed, so everything it leaves out must keep its earlier value.
/// </summary>
public sealed class SettingsStoreTests
{
    [Fact]
    public void APartialChangeAfterInitializationOptions_KeepsTheEarlierValues()
    {
        var store = new SettingsStore(commandLineModelPath: null);
        Assert.Empty(Apply(store, """{"maxTokens":12,"temperature":0.5,"completionLanguages":["markdown"],"remote.endpoint":"https://gpu:8000/v1"}"""));

        Assert.Empty(Apply(store, """{"glm":{"completionMode":"invoked"}}"""));

        var current = store.Current;
        Assert.Equal(CompletionMode.Invoked, current.CompletionMode);
        Assert.Equal(12, current.MaxTokens);
        Assert.Equal(0.5, current.Temperature);
        Assert.Equal(["markdown"], current.CompletionLanguages);
        Assert.Equal("https://gpu:8000/v1", current.RemoteEndpoint);
        Assert.Equal(SettingsCatalog.Defaults.ContextSize, current.ContextSize);
    }

    [Fact]
    public void ABadValueInALaterChange_KeepsTheValueBeforeIt_NotTheDefault()
    {
        var store = new SettingsStore(commandLineModelPath: null);
        Apply(store, """{"contextSize":2048,"slots":3}""");

        var problems = Apply(store, """{"contextSize":"big","slots":4}""");

        Assert.Equal(["glm.contextSize must be an integer of at least 256; got \"big\"."], problems);
        Assert.Equal(2048, store.Current.ContextSize);
        Assert.Equal(4, store.Current.Slots);
    }

    [Fact]
    public void NullOrNonObjectSettings_ChangeNothing()
    {
        var store = new SettingsStore(commandLineModelPath: null);
        Apply(store, """{"maxTokens":33}""");

        Assert.Empty(store.Apply(null));
        Assert.Empty(Apply(store, "[1,2]"));
        Assert.Empty(Apply(store, """{"maxTokens":null,"unknownKey":5}"""));

        Assert.Equal(33, store.Current.MaxTokens);
    }

    [Fact]
    public void TheCommandLineModel_FillsAnEmptyClientPath_AndYieldsToAClientPath_AndComesBackWhenItIsEmptiedAgain()
    {
        var store = new SettingsStore("/models/cli.gguf");
        Assert.Equal("/models/cli.gguf", store.Current.ModelPath);

        Apply(store, """{"modelPath":"/models/client.gguf","maxTokens":20}""");
        Assert.Equal("/models/client.gguf", store.Current.ModelPath);

        Apply(store, """{"modelPath":""}""");
        Assert.Equal("/models/cli.gguf", store.Current.ModelPath);
        Assert.Equal(20, store.Current.MaxTokens);
    }

    [Fact]
    public void WithoutACommandLineModel_TheClientPathIsUsedAsItIs()
    {
        var store = new SettingsStore(commandLineModelPath: null);
        Assert.Equal("", store.Current.ModelPath);

        Apply(store, """{"modelPath":"/models/client.gguf"}""");

        Assert.Equal("/models/client.gguf", store.Current.ModelPath);
    }

    [Fact]
    public void ANestedGlmSection_IsReadAndOtherTopLevelSectionsAreNot()
    {
        var result = SettingsReader.Apply(SettingsCatalog.Defaults, Parse("""{"glm":{"maxTokens":5},"maxTokens":7}"""));

        Assert.Equal(5, result.Settings.MaxTokens);
        Assert.Empty(result.Problems);
    }

    private static IReadOnlyList<string> Apply(SettingsStore store, string json) => store.Apply(Parse(json));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
