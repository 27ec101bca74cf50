using System.CommandLine;
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
        Description = "GGUF model file. Without it a predictable test model is built and used (it only replays its corpus).",
    };

    public Option<int> GpuLayers { get; } = new("--gpu-layers")
    {
        Description = "Layers to offload to the GPU (needs the CUDA backend build; 0 = CPU only).",
        DefaultValueFactory = _ => 0,
    };

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

    public EngineOptions EngineOptionsFor(ParseResult parseResult, string modelPath) => new(modelPath)
    {
        GpuLayers = parseResult.GetValue(GpuLayers),
        ContextSize = parseResult.GetValue(ContextSize),
        Threads = Math.Max(1, parseResult.GetValue(Threads)),
        Slots = 1,
    };
}
