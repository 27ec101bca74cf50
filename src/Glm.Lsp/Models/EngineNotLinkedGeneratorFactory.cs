using Glm.Inference.Generation;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Models;

/// <summary>
/// The factory used when the host was started without an engine. It fails every load with a message that says so,
/// which the server turns into one window/showMessage; protocol features keep working and return empty results.
/// </summary>
public sealed class EngineNotLinkedGeneratorFactory : IGeneratorFactory
{
    public Task<ITextGenerator> LoadAsync(ModelSettings settings, IProgress<double> progress, CancellationToken cancellationToken) =>
        Task.FromException<ITextGenerator>(new NotSupportedException("this build of glm-lsp has no inference engine linked in."));
}
