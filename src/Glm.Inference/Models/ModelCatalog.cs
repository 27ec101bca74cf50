using System.Text.Json;

namespace Glm.Inference.Models;

/// <summary>Finds GGUF models on this machine: configured folders, glm-lsp's cache, Ollama's store and LM Studio's folders.</summary>
public sealed class ModelCatalog
{
    /// <summary>The architectures this build's llama.cpp runs with GLM prompt formats.</summary>
    public static readonly IReadOnlySet<string> RunnableArchitectures = new HashSet<string>(StringComparer.Ordinal) { "chatglm", "glm4" };

    /// <summary>Folders below a configured folder that are searched; deeper ones are skipped.</summary>
    public const int MaxDepth = 8;

    /// <summary>Directory entries looked at per folder tree before the scan of that tree stops.</summary>
    public const int MaxEntriesPerTree = 100_000;

    /// <summary>Longest walk of one folder tree (a network drive or a huge tree must not hold the model picker).</summary>
    public static readonly TimeSpan MaxScanTime = TimeSpan.FromSeconds(10);

    private const string OllamaModelLayer = "application/vnd.ollama.image.model";
    private readonly ModelStoreLocations locations;

    public ModelCatalog(ModelStoreLocations locations)
    {
        this.locations = locations;
    }

    /// <summary>Lists models in <paramref name="extraDirs"/> and the well-known stores of the current user.</summary>
    public static IReadOnlyList<CatalogEntry> Find(IEnumerable<string> extraDirs) => new ModelCatalog(ModelStoreLocations.FromEnvironment()).List(extraDirs);

    /// <summary>Every model found, each file once (the first store that has it wins), in a stable order per store.</summary>
    /// <remarks>Folder links are never followed (a repository can ship <c>x -&gt; .</c>), each tree is searched to
    /// <see cref="MaxDepth"/> and <see cref="MaxEntriesPerTree"/> entries, and a file that cannot be read is listed
    /// with its problem instead of failing the list.</remarks>
    public IReadOnlyList<CatalogEntry> List(IEnumerable<string> extraDirs, CancellationToken cancellationToken = default)
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
            ScanFolder(folder, ModelSource.Configured, Add, cancellationToken);
        }

        ScanFolder(locations.UserCache, ModelSource.UserCache, Add, cancellationToken);
        ScanOllama(Add, cancellationToken);
        foreach (var folder in locations.LmStudioFolders)
        {
            ScanFolder(folder, ModelSource.LmStudio, Add, cancellationToken);
        }

        return found;
    }

    /// <summary>Describes one file: size, header facts and whether it can run here.</summary>
    public static CatalogEntry Describe(string path, ModelSource source, string displayName)
    {
        long size = 0;
        GgufSummary summary;
        try
        {
            size = new FileInfo(path).Length;
            summary = GgufHeaderProbe.Read(path);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // One hostile or broken file is one row with its problem, never a failed list.
            return new CatalogEntry(path, source, displayName, size, null, false, $"Unreadable GGUF header: {error.Message}");
        }

        var runnable = RunnableArchitectures.Contains(summary.Architecture);
        var problem = runnable ? null : $"Architecture '{summary.Architecture}' is not a GLM model (this build runs chatglm and glm4).";
        return new CatalogEntry(path, source, displayName, size, summary, runnable, problem);
    }

    private static void ScanFolder(string folder, ModelSource source, Action<CatalogEntry> add, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in FindFiles(folder, name => name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase), cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            add(Describe(file, source, System.IO.Path.GetRelativePath(folder, file).Replace('\\', '/')));
        }
    }

    /// <summary>The files under <paramref name="root"/> whose name passes <paramref name="include"/>, sorted; folder
    /// links are not entered (file links are read: Hugging Face's cache links each file to its blob), and the walk
    /// stops at <see cref="MaxDepth"/>, <see cref="MaxEntriesPerTree"/> entries or <see cref="MaxScanTime"/>.</summary>
    private static List<string> FindFiles(string root, Func<string, bool> include, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var files = new List<string>();
        var pending = new Stack<(string Folder, int Depth)>();
        pending.Push((root, 0));
        var entries = 0;
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
        while (pending.TryPop(out var current) && entries < MaxEntriesPerTree && started.Elapsed < MaxScanTime)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerable<FileSystemInfo> children;
            try
            {
                children = new DirectoryInfo(current.Folder).EnumerateFileSystemInfos("*", options);
                foreach (var child in children)
                {
                    if (++entries >= MaxEntriesPerTree)
                    {
                        break;
                    }

                    if (child is DirectoryInfo directory)
                    {
                        if (directory.LinkTarget is null && current.Depth < MaxDepth)
                        {
                            pending.Push((directory.FullName, current.Depth + 1));
                        }
                    }
                    else if (include(child.Name))
                    {
                        files.Add(child.FullName);
                    }
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // A folder that vanished or cannot be read is skipped like an inaccessible one.
            }
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>Ollama keeps each model as a content-addressed blob named by a manifest
    /// (<c>manifests/&lt;registry&gt;/&lt;namespace&gt;/&lt;name&gt;/&lt;tag&gt;</c>); the blob has no .gguf extension.</summary>
    private void ScanOllama(Action<CatalogEntry> add, CancellationToken cancellationToken)
    {
        var manifests = System.IO.Path.Combine(locations.OllamaModels, "manifests");
        if (!Directory.Exists(manifests))
        {
            return;
        }

        var files = FindFiles(manifests, _ => true, cancellationToken);
        foreach (var manifest in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
