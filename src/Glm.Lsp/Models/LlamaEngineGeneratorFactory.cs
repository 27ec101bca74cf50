using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Lsp.Models;

/// <summary>Loads the local llama.cpp engine from the model settings; the factory the executable uses.</summary>
/// <param name="reusePromptCache">False only for the benchmark baseline (<c>--no-prompt-reuse</c>).</param>
public sealed class LlamaEngineGeneratorFactory(ILoggerFactory loggerFactory, bool reusePromptCache = true) : IGeneratorFactory
{
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
            ReusePromptCache = reusePromptCache,
            UseMemoryMap = settings.UseMemoryMap,
            FailDecodeCall = InjectedDecodeFailure(),
            InferenceCpu = PinnedInferenceCpu(),
        };
        return await LlamaEngine.LoadAsync(options, progress, loggerFactory.CreateLogger("Glm.Inference.Engine"), cancellationToken);
    }

    /// <summary>Test-only fault injection (tests/Glm.Hardening.Tests/Faults): makes the n-th llama_decode call fail.</summary>
    public const string FailDecodeCallVariable = "GLM_LSP_TEST_FAIL_DECODE_CALL";

    /// <summary>
    /// Benchmark-only: pins the server's inference thread to this CPU, the one <c>glm-lsp bench</c> runs its bare
    /// baseline on, so both sides of a ratio run on the same core (see <see cref="ThreadAffinity"/>).
    /// </summary>
    public const string InferenceCpuVariable = "GLM_LSP_INFERENCE_CPU";

    private static int? PinnedInferenceCpu() =>
        int.TryParse(Environment.GetEnvironmentVariable(InferenceCpuVariable), out var cpu) && cpu >= 0 ? cpu : null;

    private static int? InjectedDecodeFailure() =>
        int.TryParse(Environment.GetEnvironmentVariable(FailDecodeCallVariable), out var call) && call > 0 ? call : null;
}
