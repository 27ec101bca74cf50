using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Lsp.Server;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Models;

/// <summary>Loads the local llama.cpp engine from the model settings; the factory the executable uses.</summary>
/// <param name="switches">The server's test and benchmark switches (prompt reuse, CPU pinning, decode fault); null is none.</param>
public sealed class LlamaEngineGeneratorFactory(ILoggerFactory loggerFactory, DiagnosticSwitches? switches = null) : IGeneratorFactory
{
    private readonly DiagnosticSwitches switches = switches ?? DiagnosticSwitches.None;

    public async Task<ITextGenerator> LoadAsync(ModelSettings settings, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new EngineOptions(settings.ModelPath)
        {
            GpuLayers = settings.GpuLayers,
            ContextSize = settings.ContextSize,
            // 0 means "let the engine decide": cores − 1, because llama.cpp's spinning threads would fight the editor.
            Threads = settings.Threads > 0 ? settings.Threads : EngineOptions.DefaultThreads,
            Slots = Math.Max(1, settings.Slots),
            ReusePromptCache = switches.PromptReuse,
            UseMemoryMap = settings.UseMemoryMap,
            InferenceCpu = switches.InferenceCpu,
        };
        // A fresh injector per load: it counts the decode calls of this engine only.
        var testHooks = switches.FailDecodeCall is { } call ? new DecodeFaultInjector(call) : null;
        return await LlamaEngine.LoadAsync(options, progress, loggerFactory.CreateLogger("Glm.Inference.Engine"), testHooks, cancellationToken);
    }
}
