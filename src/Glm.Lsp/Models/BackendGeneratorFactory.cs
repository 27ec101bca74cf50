using Glm.Inference.Generation;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Models;

/// <summary>Chooses the engine from the settings: the remote server when glm.remote.endpoint is set, else the local
/// model. Changing those two settings moves every feature between them, because every feature asks
/// <see cref="ModelHost"/> for the one generator.</summary>
public sealed class BackendGeneratorFactory(IGeneratorFactory local, IGeneratorFactory remote) : IGeneratorFactory
{
    public Task<ITextGenerator> LoadAsync(ModelSettings settings, IProgress<double> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Remote is null
            ? local.LoadAsync(settings, progress, cancellationToken)
            : remote.LoadAsync(settings, progress, cancellationToken);
    }
}
