using Glm.Inference.Models;

namespace Glm.Lsp.Models;

/// <summary>One GGUF model found on this machine.</summary>
/// <param name="Source">"setting" (the configured model path), "directory" (a configured folder), "cache", "ollama" or "lmstudio".</param>
/// <param name="Problem">Why this build cannot run it; null when it can.</param>
public sealed record ListedModel(
    string Path, string Name, string Source, string? Architecture, long SizeBytes, string? Quantization, bool Runnable, string? Problem);

/// <summary>The models on this machine, the configured one first: what the editor's model picker and
/// <c>glm-lsp models list</c> show.</summary>
public static class ModelListing
{
    public static IReadOnlyList<ListedModel> List(string modelPath, IReadOnlyList<string> directories, ModelStoreLocations locations, CancellationToken cancellationToken = default)
    {
        var entries = new List<ListedModel>();
        if (modelPath.Length > 0 && File.Exists(modelPath))
        {
            entries.Add(ToListed(ModelCatalog.Describe(modelPath, ModelSource.Configured, Path.GetFileName(modelPath)), "setting"));
        }

        var configured = entries.Select(e => Path.GetFullPath(e.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var found in new ModelCatalog(locations).List(directories, cancellationToken))
        {
            if (!configured.Contains(Path.GetFullPath(found.Path)))
            {
                entries.Add(ToListed(found, SourceName(found.Source)));
            }
        }

        return entries;
    }

    private static ListedModel ToListed(CatalogEntry entry, string source) =>
        new(entry.Path, entry.DisplayName, source, entry.Summary?.Architecture, entry.SizeBytes, entry.Summary?.Quantization, entry.Runnable, entry.Problem);

    private static string SourceName(ModelSource source) => source switch
    {
        ModelSource.Configured => "directory",
        ModelSource.UserCache => "cache",
        ModelSource.Ollama => "ollama",
        ModelSource.LmStudio => "lmstudio",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown model source."),
    };
}
