using System.CommandLine;
using System.Globalization;
using Glm.Inference.Engine;

namespace Glm.Lsp.Cli;

/// <summary>Options shared by the verbs that load a local model, declared once so every verb spells them the same.</summary>
internal sealed class CommonOptions
{
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print stack traces and debug logs (native llama.cpp logs included) to stderr.",
        Recursive = true,
    };

    public Option<FileInfo?> Model { get; } = new("--model", "-m")
    {
        Description = "GGUF model file (ChatGLM3, GLM-4 or CodeGeeX4).",
    };

    /// <summary>"auto" (the default: every layer on a GPU backend, none on the CPU one) or a layer count.</summary>
    public Option<string> GpuLayers { get; } = CreateGpuLayersOption();

    public Option<int> ContextSize { get; } = new("--context-size")
    {
        Description = "Context window in tokens.",
        DefaultValueFactory = _ => 4096,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "CPU threads for llama.cpp (default: cores - 1, at least 1).",
        DefaultValueFactory = _ => EngineOptions.DefaultThreads,
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
            DefaultValueFactory = _ => "auto",
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
        if (text == "auto")
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
        Threads = Math.Max(1, parseResult.GetValue(Threads)),
        Slots = 1,
    };
}
