using Glm.Inference.Models;
using Glm.Remote.Tests.Support;

namespace Glm.Remote.Tests.ModelStore;

public sealed class ModelCatalogTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("glm-home-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public void Finds_models_in_configured_folders_the_cache_ollama_and_lm_studio()
    {
        var configured = Path.Combine(home, "my-models");
        TinyGguf.Write(Path.Combine(configured, "glm-4-9b-chat-Q4_0.gguf"), "chatglm", "glm-4-9b-chat", 2, 131072);
        TinyGguf.Write(Path.Combine(home, ".cache", "glm-lsp", "models", "THUDM", "codegeex4-all-9b", "codegeex4-all-9b-Q8_0.gguf"), "chatglm", "codegeex4-all-9b", 7);
        TinyGguf.Write(Path.Combine(home, ".lmstudio", "models", "lmstudio-community", "Llama-3.2-1B", "Llama-3.2-1B-Q4_K_M.gguf"), "llama", "Llama 3.2 1B", 15);
        TinyGguf.Write(Path.Combine(home, ".cache", "lm-studio", "models", "glm", "GLM-4-9B-0414-BF16.gguf"), "glm4", null, 32);
        WriteOllamaModel("glm4", "9b", "0a1b2c", "glm4", "GLM4 9B", 2);
        WriteOllamaManifestWithoutBlob("missing", "latest", "ffff");
        File.WriteAllText(Path.Combine(configured, "notes.txt"), "not a model");
        File.WriteAllText(Path.Combine(configured, "broken.gguf"), "GGUF");

        var entries = new ModelCatalog(ModelStoreLocations.FromEnvironment(Env())).List([configured]);

        Assert.Equal(
            [
                "Configured broken.gguf 4 - - - False Unreadable GGUF header: broken.gguf is too short to be a GGUF file (4 bytes; the header alone takes 24)",
                "Configured glm-4-9b-chat-Q4_0.gguf 343 chatglm glm-4-9b-chat Q4_0 True -",
                "UserCache THUDM/codegeex4-all-9b/codegeex4-all-9b-Q8_0.gguf 346 chatglm codegeex4-all-9b Q8_0 True -",
                "Ollama glm4:9b 331 glm4 GLM4 9B Q4_0 True -",
                "LmStudio lmstudio-community/Llama-3.2-1B/Llama-3.2-1B-Q4_K_M.gguf 338 llama Llama 3.2 1B Q4_K_M False Architecture 'llama' is not a GLM model (this build runs chatglm and glm4).",
                "LmStudio glm/GLM-4-9B-0414-BF16.gguf 292 glm4 - BF16 True -",
            ],
            entries.Select(Describe));
        Assert.Equal(131072, entries[1].Summary!.ContextLength);
        Assert.Equal(Path.Combine(home, ".ollama", "models", "blobs", "sha256-0a1b2c"), entries[3].Path);
    }

    [Fact]
    public void Folder_links_are_not_followed_so_a_loop_lists_each_model_once()
    {
        var configured = Path.Combine(home, "repo");
        TinyGguf.Write(Path.Combine(configured, "model.gguf"), "chatglm", "m", 2);
        Directory.CreateSymbolicLink(Path.Combine(configured, "x"), ".");
        Directory.CreateSymbolicLink(Path.Combine(configured, "y"), configured);

        var entries = new ModelCatalog(ModelStoreLocations.FromEnvironment(Env())).List([configured]);

        Assert.Equal(["Configured model.gguf 331 chatglm m Q4_0 True -"], entries.Select(Describe));
    }

    [Fact]
    public void Folders_deeper_than_the_limit_are_not_searched()
    {
        var configured = Path.Combine(home, "deep");
        var shallow = Path.Combine([configured, .. Enumerable.Repeat("d", ModelCatalog.MaxDepth)]);
        TinyGguf.Write(Path.Combine(shallow, "ok.gguf"), "chatglm", "m", 2);
        TinyGguf.Write(Path.Combine(shallow, "d", "too-deep.gguf"), "chatglm", "m", 2);

        var entries = new ModelCatalog(ModelStoreLocations.FromEnvironment(Env())).List([configured]);

        Assert.Equal([string.Join('/', Enumerable.Repeat("d", ModelCatalog.MaxDepth)) + "/ok.gguf"], entries.Select(e => e.DisplayName));
    }

    [Fact]
    public void A_header_that_claims_billions_of_entries_is_one_row_with_its_problem_not_a_failed_list()
    {
        var configured = Path.Combine(home, "hostile");
        TinyGguf.Write(Path.Combine(configured, "good.gguf"), "chatglm", "m", 2);
        var hostile = Path.Combine(configured, "huge-count.gguf");
        using (var stream = File.Create(hostile))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("GGUF"u8);
            writer.Write(3u);
            writer.Write(0UL);
            writer.Write(1UL);
            writer.Write((ulong)"k".Length);
            writer.Write("k"u8);
            writer.Write(9u);
            writer.Write(8u);
            writer.Write(3_000_000_000UL);
            stream.SetLength(30_000_000_000L);
        }

        var entries = new ModelCatalog(ModelStoreLocations.FromEnvironment(Env())).List([configured]);

        Assert.Equal("good.gguf", entries[0].DisplayName);
        Assert.Equal(
            $"Unreadable GGUF header: huge-count.gguf: metadata key 'k' declares 3000000000 elements in metadata key 'k', more than the {Glm.Inference.Gguf.GgufReader.MaxArrayElements} this reader accepts",
            entries[1].Problem);
    }

    [Fact]
    public void A_cancelled_listing_stops()
    {
        var configured = Path.Combine(home, "my-models");
        TinyGguf.Write(Path.Combine(configured, "a.gguf"), "chatglm", "a", 2);

        Assert.Throws<OperationCanceledException>(() => new ModelCatalog(ModelStoreLocations.FromEnvironment(Env())).List([configured], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void OLLAMA_MODELS_and_XDG_CACHE_HOME_move_the_stores()
    {
        var ollama = Path.Combine(home, "elsewhere", "ollama");
        var cache = Path.Combine(home, "xdg");
        TinyGguf.Write(Path.Combine(cache, "glm-lsp", "models", "a.gguf"), "chatglm", "a", 2);
        WriteOllamaModel("codegeex4", "latest", "beef", "chatglm", "codegeex4", 2, ollama);

        var locations = ModelStoreLocations.FromEnvironment(Env(("OLLAMA_MODELS", ollama), ("XDG_CACHE_HOME", cache)));
        var entries = new ModelCatalog(locations).List([]);

        Assert.Equal(["UserCache a.gguf", "Ollama codegeex4:latest"], entries.Select(entry => $"{entry.Source} {entry.DisplayName}"));
    }

    [Fact]
    public void Missing_folders_give_an_empty_list()
    {
        var entries = new ModelCatalog(ModelStoreLocations.FromEnvironment(Env())).List([Path.Combine(home, "nope")]);

        Assert.Empty(entries);
    }

    private static string Describe(CatalogEntry entry) =>
        $"{entry.Source} {entry.DisplayName} {entry.SizeBytes} {entry.Summary?.Architecture ?? "-"} {entry.Summary?.Name ?? "-"} {entry.Summary?.Quantization ?? "-"} {entry.Runnable} {entry.Problem ?? "-"}";

    private Func<string, string?> Env(params (string Name, string Value)[] extra)
    {
        var variables = new Dictionary<string, string> { ["HOME"] = home };
        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }

        return name => variables.GetValueOrDefault(name);
    }

    private void WriteOllamaModel(string name, string tag, string hex, string architecture, string modelName, uint fileType, string? root = null)
    {
        root ??= Path.Combine(home, ".ollama", "models");
        TinyGguf.Write(Path.Combine(root, "blobs", "sha256-" + hex), architecture, modelName, fileType);
        WriteManifest(root, name, tag, hex);
    }

    private void WriteOllamaManifestWithoutBlob(string name, string tag, string hex) => WriteManifest(Path.Combine(home, ".ollama", "models"), name, tag, hex);

    private static void WriteManifest(string root, string name, string tag, string hex)
    {
        var manifest = Path.Combine(root, "manifests", "registry.ollama.ai", "library", name, tag);
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        File.WriteAllText(manifest, $$"""
            {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
             "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:cafe","size":485},
             "layers":[
               {"mediaType":"application/vnd.ollama.image.template","digest":"sha256:abcd","size":100},
               {"mediaType":"application/vnd.ollama.image.model","digest":"sha256:{{hex}}","size":5455322016}]}
            """);
    }
}
