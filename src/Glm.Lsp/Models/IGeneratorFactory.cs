using Glm.Inference.Generation;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Models;

/// <summary>
/// The seam between the server and the inference engine: the server decides when to load and what to report,
/// the factory decides how. Tests plug in a scripted generator; the executable plugs in the llama.cpp engine.
/// </summary>
public interface IGeneratorFactory
{
    /// <summary>Loads the model of <paramref name="settings"/>, reporting progress from 0 to 1. A missing or broken file
    /// throws (FileNotFoundException or the engine's own exception) with a message a user can act on.</summary>
    Task<ITextGenerator> LoadAsync(ModelSettings settings, IProgress<double> progress, CancellationToken cancellationToken);
}
