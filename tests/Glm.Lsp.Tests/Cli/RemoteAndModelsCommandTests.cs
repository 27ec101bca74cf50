using System.Security.Cryptography;
using Glm.TestModels;

namespace Glm.Lsp.Tests.Cli;

/// <summary>The built glm-lsp's remote and model verbs against servers on 127.0.0.1: <c>generate --endpoint</c>,
/// <c>models list</c> and <c>models pull</c>.</summary>
[Trait("Speed", "Slow")]
public sealed class RemoteAndModelsCommandTests : IDisposable
{
    private const string Repo = "THUDM/glm-4-9b-chat-gguf";
    private const string FileName = "glm-4-9b-chat-Q4_0.gguf";
    private readonly string home = Directory.CreateTempSubdirectory("glm-lsp-cli-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public async Task GenerateWithEndpoint_StreamsTheRemoteAnswerWithTheKeyFromTheEnvironment()
    {
        await using var fake = await FakeOpenAiServer.StartAsync();

        var result = await GlmLspProcess.RunAsync(
            new Dictionary<string, string?> { ["GLM_LSP_API_KEY"] = "sk-from-env" },
            "generate", "--endpoint", fake.Endpoint, "--remote-model", FakeOpenAiServer.Model, "--prompt", "Say something.");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(FakeOpenAiServer.ChatAnswer + "\n", result.Stdout);
        Assert.StartsWith("[", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-from-env", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(["GET /v1/models Bearer sk-from-env", "POST /v1/chat/completions Bearer sk-from-env"], fake.Requests);
        Assert.All(fake.UserAgents, agent => Assert.StartsWith("OpenAI/2.15.0 (", agent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GenerateWithPlainHttpToAnotherHost_IsRefusedNamingTheFlag()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--endpoint", "http://gpu-box.example:8000/v1", "--remote-model", "glm-4", "--prompt", "Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(
            "glm-lsp: Refusing plain HTTP to gpu-box.example: the API key and your text would cross the network unencrypted. Use https://, or pass --allow-insecure-http if this network is trusted.\n",
            result.Stderr);
    }

    [Fact]
    public async Task GenerateWithEndpointButNoModel_SaysWhatIsMissing()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--endpoint", "http://127.0.0.1:9/v1", "--prompt", "Hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("glm-lsp: --remote-model is required with --endpoint\n", result.Stderr);
    }

    [Fact]
    public async Task ModelsList_FindsAModelInADirectoryAndOneOllamaAlreadyStored()
    {
        var predictable = TestModelFiles.Predictable();
        var size = new FileInfo(predictable).Length;
        var folder = Path.Combine(home, "my-models");
        Directory.CreateDirectory(folder);
        File.Copy(predictable, Path.Combine(folder, "tiny.gguf"));
        var bytes = await File.ReadAllBytesAsync(predictable);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var ollama = Path.Combine(home, ".ollama", "models");
        Directory.CreateDirectory(Path.Combine(ollama, "blobs"));
        await File.WriteAllBytesAsync(Path.Combine(ollama, "blobs", "sha256-" + digest), bytes);
        var manifest = Path.Combine(ollama, "manifests", "registry.ollama.ai", "library", "glm4", "9b");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);
        await File.WriteAllTextAsync(manifest, $$"""{"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:{{digest}}","size":{{size}}}]}""");
        var environment = new Dictionary<string, string?> { ["HOME"] = home, ["XDG_CACHE_HOME"] = null, ["OLLAMA_MODELS"] = null };

        var table = await GlmLspProcess.RunAsync(environment, "models", "list", "--dir", folder);
        var json = await GlmLspProcess.RunAsync(environment, "models", "list", "--dir", folder, "--json");

        Assert.Equal(0, table.ExitCode);
        var blob = Path.Combine(ollama, "blobs", "sha256-" + digest);
        var sizeText = size >= 1 << 20
            ? (size / 1048576.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " MiB"
            : (size / 1024.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " KiB";
        Assert.Equal(
            $"NAME       SOURCE     ARCHITECTURE  SIZE{new string(' ', sizeText.Length - 4)}  QUANT  RUNNABLE  PATH\n"
            + $"tiny.gguf  directory  chatglm       {sizeText}  F32    yes       {Path.Combine(folder, "tiny.gguf")}\n"
            + $"glm4:9b    ollama     chatglm       {sizeText}  F32    yes       {blob}\n",
            table.Stdout);
        Assert.Equal(
            $$"""{"models":[{"path":"{{Path.Combine(folder, "tiny.gguf")}}","name":"tiny.gguf","source":"directory","architecture":"chatglm","sizeBytes":{{size}},"quantization":"F32","runnable":true},"""
            + $$"""{"path":"{{blob}}","name":"glm4:9b","source":"ollama","architecture":"chatglm","sizeBytes":{{size}},"quantization":"F32","runnable":true}]}""" + "\n",
            json.Stdout);
    }

    [Fact]
    public async Task ModelsPull_FetchesAndVerifiesAFileFromAMirror()
    {
        await using var hub = await FakeHub.StartAsync(3 << 20);
        var output = Path.Combine(home, "pulled");

        var result = await GlmLspProcess.RunAsync("models", "pull", Repo, FileName, "--hub", hub.BaseUrl.ToString(), "--out", output);

        var target = Path.Combine(output, FileName);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(target + "\n", result.Stdout);
        Assert.Equal(hub.Data, await File.ReadAllBytesAsync(target));
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal($"{FileName}: 0% (0.0 of 3.0 MiB)", lines[0]);
        Assert.Equal($"{FileName}: 100% (3.0 of 3.0 MiB)", lines[^2]);
        Assert.Equal($"Downloaded and verified: {3 << 20} bytes, SHA-256 {hub.Sha256}", lines[^1]);
    }

    [Fact]
    public async Task ModelsPull_WithAHashMismatch_FailsInOneLineAndLeavesNoFile()
    {
        await using var hub = await FakeHub.StartAsync(50_000, linkedETag: false);
        hub.TreeOid = new string('a', 64);
        var output = Path.Combine(home, "pulled");

        var result = await GlmLspProcess.RunAsync(
            new Dictionary<string, string?> { ["GLM_LSP_HUB"] = hub.BaseUrl.ToString() },
            "models", "pull", Repo, FileName, "--out", output);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.EndsWith(
            $"glm-lsp: The SHA-256 of {Repo}/{FileName} is {hub.Sha256}, but the hub lists {new string('a', 64)}; the download was deleted.\n",
            result.Stderr,
            StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(output));
    }
}
