using System.Text.Json;

namespace Glm.Inference.Models;

/// <summary>Finds GGUF models on this machine: configured folders, glm-lsp's cache, Ollama's store and LM Studio's folders.</summary>
public sealed class ModelCatalog
{
    /// <summary>The architectures this build's llama.cpp runs with GLM prompt formats.</summary>
    public static readonly IReadOnlySet<string> RunnableArchitectures = new HashSet<string>(StringComparer.Ordinal) { "chatglm", "glm4" };

    private const string OllamaModelLayer = "application/vnd.ollama.image.model";
    private readonly ModelStoreLocations locations;

    public ModelCatalog(ModelStoreLocations locations)
    {
        this.locations = locations;
    }

    /// <summary>Lists models in <paramref name="extraDirs"/> and the well-known stores of the current user.</summary>
    public static IReadOnlyList<CatalogEntry> Find(IEnumerable<string> extraDirs) => new ModelCatalog(ModelStoreLocations.FromEnvironment()).List(extraDirs);

    /// <summary>Every model found, each file once (the first store that has it wins), in a stable order per store.</summary>
    public IReadOnlyList<CatalogEntry> List(IEnumerable<string> extraDirs)
    {
        var found = new List<CatalogEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(CatalogEntry entry)
        {
            if (seen.Add(System.IO.Path.GetFullPath(entry.Path)))
            {
                found.Add(entry);
            }
        }

        foreach (var folder in extraDirs)
        {
            ScanFolder(folder, ModelSource.Configured, Add);
        }

        ScanFolder(locations.UserCache, ModelSource.UserCache, Add);
        ScanOllama(Add);
        foreach (var folder in locations.LmStudioFolders)
        {
            ScanFolder(folder, ModelSource.LmStudio, Add);
        }

        return found;
    }

    /// <summary>Describes one file: size, header facts and whether it can run here.</summary>
    public static CatalogEntry Describe(string path, ModelSource source, string displayName)
    {
        var size = new FileInfo(path).Length;
        GgufSummary summary;
        try
        {
            summary = GgufHeaderProbe.Read(path);
        }
        catch (Exception error) when (error is Gguf.GgufValidationException or IOException or UnauthorizedAccessException)
        {
            return new CatalogEntry(path, source, displayName, size, null, false, $"Unreadable GGUF header: {error.Message}");
        }

        var runnable = RunnableArchitectures.Contains(summary.Architecture);
        var problem = runnable ? null : $"Architecture '{summary.Architecture}' is not a GLM model (this build runs chatglm and glm4).";
        return new CatalogEntry(path, source, displayName, size, summary, runnable, problem);
    }

    private static void ScanFolder(string folder, ModelSource source, Action<CatalogEntry> add)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        var files = Directory.EnumerateFiles(folder, "*.gguf", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            add(Describe(file, source, System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/')));
        }
    }

    /// <summary>Ollama keeps each model as a content-addressed blob named by a manifest
    /// (<c>manifests/&lt;registry&gt;/&lt;namespace&gt;/&lt;name&gt;/&lt;tag&gt;</c>); the blob has no .gguf extension.</summary>
    private void ScanOllama(Action<CatalogEntry> add)
    {
        var manifests = System.IO.Path.Combine(locations.OllamaModels, "manifests");
        if (!Directory.Exists(manifests))
        {
            return;
        }

        var files = Directory.EnumerateFiles(manifests, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true }).Order(StringComparer.Ordinal);
        foreach (var manifest in files)
        {
            var digest = ReadModelDigest(manifest);
            if (digest is null || !digest.StartsWith("sha256:", StringComparison.Ordinal))
            {
                continue;
            }

            var blob = System.IO.Path.Combine(locations.OllamaModels, "blobs", "sha256-" + digest["sha256:".Length..]);
            if (File.Exists(blob))
            {
                add(Describe(blob, ModelSource.Ollama, OllamaName(System.IO.Path.GetRelativePath(manifests, manifest))));
            }
        }
    }

    private static string? ReadModelDigest(string manifest)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            if (!document.RootElement.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var layer in layers.EnumerateArray())
            {
                if (layer.TryGetProperty("mediaType", out var type) && type.GetString() == OllamaModelLayer
                    && layer.TryGetProperty("digest", out var digest))
                {
                    return digest.GetString();
                }
            }
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // A manifest being written or of an unknown shape: not a model we can list.
        }

        return null;
    }

    /// <summary><c>registry.ollama.ai/library/glm4/9b</c> is shown as Ollama does: <c>glm4:9b</c>; other registries keep their path.</summary>
    private static string OllamaName(string relativeManifest)
    {
        var parts = relativeManifest.Replace('\\', '/').Split('/');
        var tag = parts[^1];
        var repository = string.Join('/', parts[..^1]);
        const string Library = "registry.ollama.ai/library/";
        if (repository.StartsWith(Library, StringComparison.Ordinal))
        {
            repository = repository[Library.Length..];
        }

        return $"{repository}:{tag}";
    }
}
