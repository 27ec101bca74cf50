using Glm.Inference.Generation;
using Glm.Lsp.Models;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Tests.Infrastructure;

/// <summary>Loads a <see cref="ScriptedGenerator"/>, reporting progress in quarters, or fails with <see cref="Failure"/>.</summary>
public sealed class ScriptedGeneratorFactory(ScriptedGenerator generator) : IGeneratorFactory
{
    public Exception? Failure { get; set; }

    public List<ModelSettings> Loads { get; } = [];

    public async Task<ITextGenerator> LoadAsync(ModelSettings settings, IProgress<double> progress, CancellationToken cancellationToken)
    {
        lock (Loads)
        {
            Loads.Add(settings);
        }

        foreach (var step in new[] { 0.25, 0.5, 0.75, 1.0 })
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            progress.Report(step);
        }

        return Failure is { } failure ? throw failure : generator;
    }
}
