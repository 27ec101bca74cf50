using Glm.Inference.TestModels;

namespace Glm.Lsp.Tests.Cli;

/// <summary>The command-line verbs, run as separate processes through the real native path.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Generate_WithoutModel_StreamsTheRestOfTheDefaultCorpusAndSaysItIsATestModel()
    {
        var result = await GlmLspProcess.RunAsync("generate");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。\n",
            result.Stdout);
        Assert.Contains("PREDICTABLE TEST MODEL", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("stop: EndOfText]", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ChatPrompt_IsAnsweredInTheModelsChatFormat()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--model", TestModels.Predictable(), "--prompt", "Who are you?");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(DefaultCorpus.ChatAnswer + "\n", result.Stdout);
    }

    [Fact]
    public async Task MakeTestModel_FromCorpusFile_ThenGenerateRaw_ReplaysTheCorpusExactly()
    {
        var directory = Directory.CreateTempSubdirectory("glm-cli-");
        try
        {
            var corpus = Path.Combine(directory.FullName, "corpus.txt");
            await File.WriteAllTextAsync(corpus, "Alpha beta gamma delta: epsilon 42 zeta.\n中文注释说明这个函数，返回结果。");
            var model = Path.Combine(directory.FullName, "nested", "corpus.gguf");

            var made = await GlmLspProcess.RunAsync("make-test-model", "--out", model, "--corpus", corpus);
            Assert.Equal(0, made.ExitCode);
            Assert.StartsWith($"Wrote predictable model {model} (", made.Stderr, StringComparison.Ordinal);
            Assert.Empty(made.Stdout);

            var generated = await GlmLspProcess.RunAsync("generate", "--model", model, "--raw", "--prompt", "Alpha beta");
            Assert.Equal(0, generated.ExitCode);
            Assert.Equal(" gamma delta: epsilon 42 zeta.\n中文注释说明这个函数，返回结果。\n", generated.Stdout);

            var limited = await GlmLspProcess.RunAsync("generate", "--model", model, "--raw", "--prompt", "Alpha", "--max-tokens", "2");
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
    public async Task Generate_OnAFileThatIsNotGguf_PrintsOneLineNamingTheDefectAndExitsNonZero()
    {
        var directory = Directory.CreateTempSubdirectory("glm-cli-");
        try
        {
            var notes = Path.Combine(directory.FullName, "notes.gguf");
            await File.WriteAllTextAsync(notes, "GGUX and some more bytes that are not a model header at all");

            var result = await GlmLspProcess.RunAsync("generate", "--model", notes, "--prompt", "hi");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal("glm-lsp: notes.gguf is not a GGUF file (magic 'GGUX')\n", result.Stderr);
            Assert.Empty(result.Stdout);

            var verbose = await GlmLspProcess.RunAsync("generate", "--model", notes, "--prompt", "hi", "--verbose");
            Assert.Equal(1, verbose.ExitCode);
            Assert.StartsWith("glm-lsp: notes.gguf is not a GGUF file (magic 'GGUX')\n", verbose.Stderr, StringComparison.Ordinal);
            Assert.Contains("GgufValidationException", verbose.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Generate_MissingModelFile_SaysSo()
    {
        var missing = Path.Combine(Path.GetTempPath(), "glm-lsp-no-such-model.gguf");

        var result = await GlmLspProcess.RunAsync("generate", "--model", missing, "--prompt", "hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"glm-lsp: file not found: {missing}\n", result.Stderr);
    }

    [Fact]
    public async Task Generate_WithModelButNoPrompt_IsAUsageError()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--model", TestModels.Predictable());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("glm-lsp: --prompt is required when --model is given\n", result.Stderr);
    }

    [Fact]
    public async Task Doctor_DescribesTheModelAndMeasuresSpeed()
    {
        var result = await GlmLspProcess.RunAsync("doctor", "--model", TestModels.Predictable());

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains("architecture         chatglm", lines);
        Assert.Contains("quantization         F32", lines);
        Assert.Contains("fill-in-the-middle   no", lines);
        Assert.Contains(lines, line => line.StartsWith("chat template        yes (", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("backend              CPU (", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("load time            ", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("prompt               ", StringComparison.Ordinal) && line.EndsWith(" tok/s", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("generation           ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MakeTestModel_RejectsLayersWithoutShape()
    {
        var result = await GlmLspProcess.RunAsync("make-test-model", "--out", Path.Combine(Path.GetTempPath(), "x.gguf"), "--layers", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("glm-lsp: --layers needs --shape\n", result.Stderr);
    }

    [Fact]
    public async Task Demo_DrivesTheServerAsAnEditorWouldAndPrintsEachStreamedResult()
    {
        var result = await GlmLspProcess.RunAsync("demo");

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
