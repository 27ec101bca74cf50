using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Models;

/// <summary>Loads the local llama.cpp engine from the model settings; the factory the executable uses.</summary>
/// <param name="promptReuse">False only for the benchmark's baseline (the no-prompt-reuse diagnostic switch).</param>
/// <param name="inferenceCpu">The CPU the inference thread pins itself to (the benchmark's inference-cpu switch).</param>
/// <param name="failDecodeCall">The llama_decode call reported as failed, for fault tests (fail-decode-call).</param>
public sealed class LlamaEngineGeneratorFactory(
    ILoggerFactory loggerFactory, bool promptReuse = true, int? inferenceCpu = null, int? failDecodeCall = null) : IGeneratorFactory
{
    /// <summary>Hooks an in-process test runs on the inference thread (see <see cref="IEngineTestHooks"/>); internal, so
    /// the shipped server cannot be given any.</summary>
    internal IEngineTestHooks? TestHooks { get; init; }

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
            ReusePromptCache = promptReuse,
            UseMemoryMap = settings.UseMemoryMap,
            InferenceCpu = inferenceCpu,
        };
        // A fresh injector per load: it counts the decode calls of this engine only.
        var testHooks = failDecodeCall is { } call ? new DecodeFaultInjector(call) : TestHooks;
        return await LlamaEngine.LoadAsync(options, progress, loggerFactory.CreateLogger("Glm.Inference.Engine"), testHooks, cancellationToken);
    }
}
