using Glm.TestModels;

namespace Glm.Lsp.Tests.Cli;

/// <summary>The command-line verbs, run as separate processes through the real native path.</summary>
[Trait("Speed", "Slow")]
public sealed class CommandLineTests
{
    [Fact]
    public async Task Generate_WithoutModel_IsAUsageErrorThatSaysWhereToGetATestModel()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--prompt", "Who are you?");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "glm-lsp: --model FILE.gguf is required (a ChatGLM3 / GLM-4 / CodeGeeX4 GGUF; `npm start` shows the product on a test model, " +
            "`glm-tools make-test-model --out FILE` writes one)\n",
            result.Stderr);
    }

    [Fact]
    public async Task Generate_Raw_StreamsTheRestOfTheDefaultCorpus()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--model", TestModelFiles.Predictable(), "--raw", "--prompt", "Good documentation explains why");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            " the code exists, not merely what it does; write for a reader who arrives next year holding one bug report and no context. 山川异域，风月同天。\n",
            result.Stdout);
        Assert.Contains("stop: EndOfText]", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ChatPrompt_IsAnsweredInTheModelsChatFormat()
    {
        var result = await GlmLspProcess.RunAsync("generate", "--model", TestModelFiles.Predictable(), "--prompt", "Who are you?");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(DefaultCorpus.ChatAnswer + "\n", result.Stdout);
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
        var result = await GlmLspProcess.RunAsync("generate", "--model", TestModelFiles.Predictable());

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("glm-lsp: --prompt is required when --model is given\n", result.Stderr);
    }

    [Fact]
    public async Task Doctor_DescribesTheModelAndMeasuresSpeed()
    {
        var result = await GlmLspProcess.RunAsync("doctor", "--model", TestModelFiles.Predictable());

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
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"^speeds               prompt \d+\.\d tok/s, generation \d+\.\d tok/s \((this probe|the engine's measurement)\)$"));
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"^per suggestion       about \d+ tokens per suggestion on this machine \(glm\.latencyBudgetMs 2000, 16 new prompt tokens\)$"));
        Assert.Contains(lines, line => System.Text.RegularExpressions.Regex.IsMatch(
            line, @"^recommended model    none: the speed of a \d+\.\d MiB file says nothing about real model sizes$"));
    }
}
