using System.Text.Json.Nodes;
using Glm.Inference.Gguf;
using Glm.TestModels;
using Glm.Tools.Tests.Infrastructure;
using Glm.Tools.Bench;

namespace Glm.Tools.Tests.Cli;

/// <summary>
/// <c>glm-tools bench --smoke</c> as a process on a tiny GLM-shaped model: the files it writes and what --check does. No
/// timing is asserted — the figures of a busy test machine mean nothing — only that every section reports.
/// </summary>
[Trait("Speed", "Slow")]
public sealed class BenchCommandTests
{
    /// <summary>ChatGLM3's layout at a fraction of its width and vocabulary, so every section runs in seconds.</summary>
    private static readonly GlmShape Tiny = new("bench-tiny", 256, 4, 2, 512, 1, 8192, 4096);

    [Fact]
    public async Task QuickRun_WritesTableJsonAndCharts_AndCheckFailsOnAMissedTarget()
    {
        await SmokeBenchAsync(["--check", "--impossible-targets"], async (model, output, result) =>
        {
            var sections = BenchSections.All().Select(s => s.Name).ToArray();
            var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "bench.json")))!;
            Assert.Equal(sections, json["sections"]!.AsArray().Select(s => (string)s!["name"]!).ToArray());
            Assert.False((bool)json["allTargetsMet"]!);
            Assert.Equal("quick", (string)json["mode"]!);
            Assert.Equal(1, (int)json["threads"]!);
            Assert.Equal(new FileInfo(model).Length, (long)json["model"]!["bytes"]!);
            Assert.EndsWith("(chatglm, 1 layers, Q4_0)", (string)json["model"]!["description"]!, StringComparison.Ordinal);
            var targetCount = json["sections"]!.AsArray().Sum(s => s!["targets"]!.AsArray().Count);

            // A section that threw would show up as the one target "section completed".
            var targetNames = json["sections"]!.AsArray().SelectMany(s => s!["targets"]!.AsArray().Select(t => (string)t!["name"]!)).ToArray();
            Assert.DoesNotContain("section completed", targetNames);
            Assert.Contains("prompt tokens/s, engine ÷ bare loop", targetNames);
            Assert.Contains("generation tokens/s, engine ÷ bare loop", targetNames);
            Assert.Contains("generation tokens/s, drafts always right ÷ plain greedy", targetNames);
            Assert.Contains("tokens of the speculative output equal to plain greedy", targetNames);
            // A figure since issue #17, not a target: llama.cpp's own kernel bounds it.
            Assert.DoesNotContain("generation speed ÷ (bandwidth ÷ model bytes per token)", targetNames);

            var markdown = await File.ReadAllTextAsync(Path.Combine(output.FullName, "bench.md"));
            Assert.Equal(markdown, result.Stdout);
            Assert.Contains("| Section | Target | Measured | Baseline figures | Pass |", markdown, StringComparison.Ordinal);
            foreach (var section in json["sections"]!.AsArray().Where(s => s!["targets"]!.AsArray().Count > 0).Select(s => (string)s!["name"]!))
            {
                Assert.Contains($"| {section} | ", markdown, StringComparison.Ordinal);
            }

            Assert.Contains($"**{MemoryBandwidthSection.SectionName}**: generation speed ÷ (bandwidth ÷ model bytes per token) ", markdown, StringComparison.Ordinal);

            Assert.Equal(targetCount, markdown.Split('\n').Count(line => line.EndsWith("| **FAIL** |", StringComparison.Ordinal)));
            foreach (var chart in new[] { "throughput.png", "typing-ttft.png", SpeculativeDecodingSection.VerifyCostChart + ".png" })
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(output.FullName, chart));
                Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
            }

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"glm-tools: {targetCount} target(s) missed:\n", result.Stderr, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Rounds_SetsTheTimedRoundsOfTheEngineSection_AndEachRoundCarriesTheEnginesDecodeTime()
    {
        await SmokeBenchAsync(["--rounds", "3", "--sections", "engine"], async (_, output, result) =>
        {
            Assert.Equal(0, result.ExitCode);
            var json = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output.FullName, "bench.json")))!;
            var rounds = json["sections"]![0]!["details"]!["rounds"]!.AsArray();
            Assert.Equal(3, rounds.Count);
            // Time inside llama_decode is part of the generation time and never all of the round's wall time.
            Assert.All(rounds, r => Assert.InRange((double)r!["engineInternal"]!["generationDecodeMs"]!, 0.001, (double)r["engineInternal"]!["generationMs"]!));
            Assert.All(rounds, r => Assert.True((double)r!["engineInferenceThreadCpuMs"]! > 0));
        });
    }

    [Fact]
    public async Task A_cpu_this_process_may_not_use_is_refused_before_anything_is_measured()
    {
        // The child inherits this process's CPUs, which differ between machines (a container may own CPUs 2–3 only).
        var usable = string.Join(", ", Glm.Inference.Engine.ThreadAffinity.CurrentThreadCpus());

        var result = await ToolProcess.ToolsAsync("bench", "--threads", "1", "--cpu", "4095");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"glm-tools: --cpu 4095 is not a CPU this process may use ({usable})\n", result.Stderr);
    }

    [Fact]
    public async Task RoundsBelowOne_AreRefused()
    {
        var result = await ToolProcess.ToolsAsync("bench", "--rounds", "0");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("glm-tools: --rounds must be at least 1\n", result.Stderr);
    }

    [Fact]
    public async Task UnknownSection_IsRefusedWithTheListOfSections()
    {
        var result = await ToolProcess.ToolsAsync("bench", "--sections", "engine,nonsense");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            "glm-tools: unknown bench section 'nonsense' (sections: " + string.Join(", ", BenchSections.All().Select(BenchSections.ShortName)) + ")\n",
            result.Stderr);
        Assert.Empty(result.Stdout);
    }

    /// <summary>Runs <c>glm-tools bench --smoke --threads 1</c> with <paramref name="arguments"/> on the tiny model into a
    /// temporary output folder, hands the model, the folder and the result to <paramref name="check"/>, then deletes the folder.</summary>
    private static async Task SmokeBenchAsync(string[] arguments, Func<string, DirectoryInfo, CommandResult, Task> check)
    {
        var model = TestModelFiles.Shaped(Tiny, 1, GgmlType.Q4_0);
        var output = Directory.CreateTempSubdirectory("glm-bench-");
        try
        {
            var result = await ToolProcess.ToolsAsync(
                ["bench", "--smoke", .. arguments, "--threads", "1", "--model", model, "--out", output.FullName]);
            await check(model, output, result);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
