using Glm.TestModels;
using Glm.Tools.Tests.Infrastructure;

namespace Glm.Tools.Tests.Cli;

/// <summary><c>glm-tools make-test-model</c> and <c>demo</c> as processes, with the glm-lsp built next to them.</summary>
public sealed class MakeTestModelAndDemoTests
{
    [Fact]
    public async Task MakeTestModel_FromCorpusFile_ThenGenerateRaw_ReplaysTheCorpusExactly()
    {
        var directory = Directory.CreateTempSubdirectory("glm-cli-");
        try
        {
            var corpus = Path.Combine(directory.FullName, "corpus.txt");
            await File.WriteAllTextAsync(corpus, "Alpha beta gamma delta: epsilon 42 zeta.\n中文注释说明这个函数，返回结果。");
            var model = Path.Combine(directory.FullName, "nested", "corpus.gguf");

            var made = await ToolProcess.ToolsAsync("make-test-model", "--out", model, "--corpus", corpus);
            Assert.Equal(0, made.ExitCode);
            Assert.StartsWith($"Wrote predictable model {model} (", made.Stderr, StringComparison.Ordinal);
            Assert.Empty(made.Stdout);

            var generated = await ToolProcess.ServerAsync("generate", "--model", model, "--raw", "--prompt", "Alpha beta");
            Assert.Equal(0, generated.ExitCode);
            Assert.Equal(" gamma delta: epsilon 42 zeta.\n中文注释说明这个函数，返回结果。\n", generated.Stdout);

            var limited = await ToolProcess.ServerAsync("generate", "--model", model, "--raw", "--prompt", "Alpha", "--max-tokens", "2");
            Assert.Equal(" beta gamma\n", limited.Stdout);
            Assert.Contains("2 generated", limited.Stderr, StringComparison.Ordinal);
            Assert.Contains("stop: MaxTokens]", limited.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task MakeTestModel_RejectsLayersWithoutShape()
    {
        var result = await ToolProcess.ToolsAsync("make-test-model", "--out", Path.Combine(Path.GetTempPath(), "x.gguf"), "--layers", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("glm-tools: --layers needs --shape\n", result.Stderr);
    }

    [Fact]
    public async Task Demo_DrivesTheServerAsAnEditorWouldAndPrintsEachStreamedResult()
    {
        var result = await ToolProcess.ToolsAsync("demo");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PREDICTABLE TEST MODEL", result.Stderr, StringComparison.Ordinal);
        var lines = result.Stdout.Split('\n');
        Assert.Matches(@"^\[\d+ ms\] model ready: glm-lsp predictable test model on CPU \(\w+\), \d+ threads?$", lines[0]);
        Assert.Contains(
            "   ghost text: \" the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。\"",
            lines);
        Assert.Contains("   " + DefaultCorpus.ChatAnswer, lines);
        Assert.Contains(lines, line => line.StartsWith($"   final: \"{DefaultCorpus.ChatAnswer}\" (", StringComparison.Ordinal));
        Assert.Contains("   **GLM translation (English)**", lines);
        Assert.Equal("Server exited with code 0.", lines[^2]);
    }
}
