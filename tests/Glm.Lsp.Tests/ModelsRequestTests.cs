using Glm.Lsp.Server;
using Glm.Lsp.Tests.Infrastructure;
using Glm.TestModels;

namespace Glm.Lsp.Tests;

/// <summary>glm/models: the models of glm.modelPath, glm.modelDirectories and the user's stores, for the model picker.</summary>
public sealed class ModelsRequestTests : IDisposable
{
    private const string NoConfigurationCapability = """{"window":{"workDoneProgress":true},"textDocument":{"inlineCompletion":{}}}""";
    private readonly string home = Directory.CreateTempSubdirectory("glm-lsp-models-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public async Task Models_ListsTheSettingTheDirectoriesAndTheCacheWithHeaderFacts()
    {
        var predictable = TestModelFiles.Predictable();
        var size = new FileInfo(predictable).Length;
        var directory = Path.Combine(home, "models");
        Directory.CreateDirectory(Path.Combine(directory, "glm"));
        File.Copy(predictable, Path.Combine(directory, "glm", "tiny.gguf"));
        File.WriteAllText(Path.Combine(directory, "broken.gguf"), "GGUF");
        var cache = Path.Combine(home, ".cache", "glm-lsp", "models");
        Directory.CreateDirectory(cache);
        File.Copy(predictable, Path.Combine(cache, "cached.gguf"));

        await using var session = LspTestSession.Start(new ServerStartOptions(GeneratorFactory: new ScriptedGeneratorFactory(new ScriptedGenerator()))
        {
            Environment = name => name == "HOME" ? home : null,
        });
        var directoryJson = System.Text.Json.JsonSerializer.Serialize(directory);
        await session.InitializeAsync(NoConfigurationCapability, $$"""{"modelPath":{{System.Text.Json.JsonSerializer.Serialize(predictable)}},"modelDirectories":[{{directoryJson}}]}""");

        var result = await session.RequestAsync("glm/models", "{}");

        string Entry(string path, string name, string source) =>
            $$"""{"path":{{System.Text.Json.JsonSerializer.Serialize(path)}},"name":"{{name}}","source":"{{source}}","architecture":"chatglm","sizeBytes":{{size}},"quantization":"F32","runnable":true}""";
        var broken = Path.Combine(directory, "broken.gguf");
        Assert.Equal(
            "{\"models\":["
            + Entry(predictable, Path.GetFileName(predictable), "setting") + ","
            + $$"""{"path":{{System.Text.Json.JsonSerializer.Serialize(broken)}},"name":"broken.gguf","source":"directory","architecture":null,"sizeBytes":4,"quantization":null,"runnable":false,"problem":"Unreadable GGUF header: broken.gguf is too short to be a GGUF file (4 bytes; the header alone takes 24)"},"""
            + Entry(Path.Combine(directory, "glm", "tiny.gguf"), "glm/tiny.gguf", "directory") + ","
            + Entry(Path.Combine(cache, "cached.gguf"), "cached.gguf", "cache")
            + "]}",
            result);
    }
}
