using System.CommandLine;
using Glm.Inference.Engine;
using Glm.Lsp.Cli;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Tests.Cli;

/// <summary>The model options of <c>generate</c> and <c>doctor</c> load a model as the editor's default settings do.</summary>
public sealed class CommonOptionsDefaultsTests
{
    [Fact]
    public void ModelOptions_DefaultToTheSettingsCatalog()
    {
        var options = new CommonOptions();
        var command = new RootCommand();
        options.AddModelOptionsTo(command);
        var parsed = command.Parse([]);

        Assert.Empty(parsed.Errors);
        Assert.Equal(SettingsCatalog.Find("gpuLayers")!.Default.GetValue<string>(), parsed.GetValue(options.GpuLayers));
        Assert.Equal(SettingsCatalog.Defaults.ContextSize, parsed.GetValue(options.ContextSize));
        Assert.Equal(SettingsCatalog.Defaults.Threads, parsed.GetValue(options.Threads));

        var engine = options.EngineOptionsFor(parsed, "model.gguf");
        Assert.Equal(SettingsCatalog.Defaults.GpuLayers, engine.GpuLayers);
        Assert.Equal(SettingsCatalog.Defaults.ContextSize, engine.ContextSize);
        Assert.Equal(EngineOptions.DefaultThreads, engine.Threads);
        Assert.Equal(1, engine.Slots);
    }

    [Fact]
    public void ThreadsZero_LetsTheEngineChoose_AsTheSettingDoes()
    {
        var options = new CommonOptions();
        var command = new RootCommand();
        options.AddModelOptionsTo(command);

        Assert.Equal(EngineOptions.DefaultThreads, options.EngineOptionsFor(command.Parse(["--threads", "0"]), "model.gguf").Threads);
        Assert.Equal(3, options.EngineOptionsFor(command.Parse(["--threads", "3"]), "model.gguf").Threads);
    }

    [Fact]
    public void EngineOptionsDefaults_AreTheCatalogs()
    {
        var engine = new EngineOptions("model.gguf");

        Assert.Equal(SettingsCatalog.Defaults.ContextSize, engine.ContextSize);
        Assert.Equal(SettingsCatalog.Defaults.Slots, engine.Slots);
        Assert.Equal(SettingsCatalog.Defaults.GpuLayers, engine.GpuLayers);
        Assert.Equal(SettingsCatalog.Defaults.UseMemoryMap, engine.UseMemoryMap);
    }
}
