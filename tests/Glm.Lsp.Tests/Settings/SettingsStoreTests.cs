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

    [Fact]
    public void A_glm_key_that_is_not_an_object_is_an_unknown_setting_and_the_rest_is_read()
    {
        var result = SettingsReader.Apply(SettingsCatalog.Defaults, Parse("""{"glm":5,"maxTokens":7}"""));

        Assert.Equal(7, result.Settings.MaxTokens);
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData(null, ModelPathSource.None)]
    [InlineData("", ModelPathSource.None)]
    [InlineData("/models/cli.gguf", ModelPathSource.CommandLine)]
    public void Without_a_client_path_the_source_is_the_command_line_when_it_names_a_model(string? commandLine, ModelPathSource source)
    {
        var store = new SettingsStore(commandLine);
        Apply(store, """{"maxTokens":20}""");

        Assert.Equal(source, store.ModelPathSource);
    }

    [Fact]
    public void A_client_path_names_where_it_was_set_until_a_later_object_changes_it()
    {
        var store = new SettingsStore("/models/cli.gguf");

        store.Apply(Parse("""{"modelPath":"/models/init.gguf"}"""), ModelPathSource.InitializationOptions);
        var afterInitialization = store.ModelPathSource;
        // A later push that leaves the path as it was must not take the credit for it.
        store.Apply(Parse("""{"modelPath":"/models/init.gguf","maxTokens":9}"""), ModelPathSource.Setting);
        var afterAnUnrelatedPush = store.ModelPathSource;
        store.Apply(Parse("""{"modelPath":"/models/setting.gguf"}"""), ModelPathSource.Setting);
        var afterAChangedPath = store.ModelPathSource;
        store.Apply(Parse("""{"modelPath":""}"""), ModelPathSource.Setting);

        Assert.Equal(
            (ModelPathSource.InitializationOptions, ModelPathSource.InitializationOptions, ModelPathSource.Setting, ModelPathSource.CommandLine),
            (afterInitialization, afterAnUnrelatedPush, afterAChangedPath, store.ModelPathSource));
    }

    [Fact]
    public void Every_application_is_announced_once_even_one_that_changes_nothing()
    {
        var store = new SettingsStore(commandLineModelPath: null);
        var announced = 0;
        store.Applied += () => announced++;

        Apply(store, """{"maxTokens":20}""");
        store.Apply(null);

        Assert.Equal(2, announced);
    }

    [Theory]
    [InlineData(ModelPathSource.CommandLine, "from --model")]
    [InlineData(ModelPathSource.InitializationOptions, "from initializationOptions.modelPath")]
    [InlineData(ModelPathSource.Setting, "from the glm.modelPath setting")]
    [InlineData(ModelPathSource.None, "from no source")]
    public void Each_source_is_described_in_the_words_of_the_messages(ModelPathSource source, string description) =>
        Assert.Equal(description, ModelPathSources.Describe(source));

    private static IReadOnlyList<string> Apply(SettingsStore store, string json) => store.Apply(Parse(json));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
