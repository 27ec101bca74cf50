using System.CommandLine;
using System.Globalization;
using Glm.Inference.Engine;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Cli;

/// <summary>
/// Options shared by the verbs that load a local model, declared once so every verb spells them the same. Their
/// defaults are the matching settings' (<see cref="SettingsCatalog"/>), so a verb loads the model as the editor does.
/// </summary>
internal sealed class CommonOptions
{
    private static readonly SettingDeclaration GpuLayersSetting = SettingsCatalog.Find("gpuLayers")!;
    private static readonly SettingDeclaration ContextSizeSetting = SettingsCatalog.Find("contextSize")!;
    private static readonly SettingDeclaration ThreadsSetting = SettingsCatalog.Find("threads")!;

    /// <summary>The word --gpu-layers takes for "every layer on a GPU backend, none on the CPU one".</summary>
    private static readonly string GpuLayersAuto = GpuLayersSetting.Keyword!;

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print stack traces and debug logs (native llama.cpp logs included) to stderr.",
        Recursive = true,
    };

    public Option<FileInfo?> Model { get; } = new("--model", "-m")
    {
        Description = "GGUF model file (ChatGLM3, GLM-4 or CodeGeeX4).",
    };

    /// <summary>"auto" (the setting's default: every layer on a GPU backend, none on the CPU one) or a layer count.</summary>
    public Option<string> GpuLayers { get; } = CreateGpuLayersOption();

    public Option<int> ContextSize { get; } = new("--context-size")
    {
        Description = "Context window in tokens.",
        DefaultValueFactory = _ => ContextSizeSetting.Default.GetValue<int>(),
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "CPU threads for llama.cpp; 0 lets the engine choose (cores - 1, at least 1).",
        DefaultValueFactory = _ => ThreadsSetting.Default.GetValue<int>(),
    };

    public void AddModelOptionsTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(GpuLayers);
        command.Options.Add(ContextSize);
        command.Options.Add(Threads);
    }

    private static Option<string> CreateGpuLayersOption()
    {
        var option = new Option<string>("--gpu-layers")
        {
            Description = "Layers to offload to the GPU: auto (all of them with the CUDA backend build, none with the CPU one) or a count (0 = CPU only).",
            HelpName = "auto|N",
            DefaultValueFactory = _ => GpuLayersSetting.Default.GetValue<string>(),
        };
        option.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string>();
            if (!TryParseGpuLayers(text, out _))
            {
                result.AddError($"--gpu-layers must be auto or a count of 0 or more; got '{text}'.");
            }
        });
        return option;
    }

    /// <summary>Reads "auto" as null and a non-negative count as itself.</summary>
    private static bool TryParseGpuLayers(string? text, out int? layers)
    {
        layers = null;
        if (text == GpuLayersAuto)
        {
            return true;
        }

        var parsed = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count);
        layers = count;
        return parsed;
    }

    public EngineOptions EngineOptionsFor(ParseResult parseResult, string modelPath) => new(modelPath)
    {
        GpuLayers = TryParseGpuLayers(parseResult.GetValue(GpuLayers), out var layers) ? layers : null,
        ContextSize = parseResult.GetValue(ContextSize),
        // As for the threads setting, 0 (the default) lets the engine choose.
        Threads = parseResult.GetValue(Threads) is > 0 and var threads ? threads : EngineOptions.DefaultThreads,
        // One request at a time: a second KV slot would only halve the context.
        Slots = 1,
    };
}
