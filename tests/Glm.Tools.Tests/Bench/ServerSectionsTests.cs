using System.Text.Json;
using Glm.Inference.Gguf;
using Glm.TestModels;
using Glm.Tools.Bench.Server;
using Glm.Tools.Bench;
using Glm.Tools.Tests.Infrastructure;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Glm.Tools.Tests.Bench;

/// <summary>
/// Runs each server-path section on a tiny one-layer GLM-shaped model against the real glm-lsp over stdio and checks
/// the shape of the result. No timing is asserted: the figures depend on the machine. Set GLM_BENCH_LAYERS to run on a
/// ChatGLM3-6B-shaped model with that many layers, with the full-length scripts, and print the figures (a manual
/// benchmark, not part of CI).
/// </summary>
[Trait("Speed", "Slow")]
public sealed class ServerSectionsTests(ITestOutputHelper output)
{
    /// <summary>ChatGLM3's attention layout at a fraction of its width and vocabulary: a decode step takes about a millisecond.</summary>
    private static readonly GlmShape Tiny = new("bench-tiny", 256, 4, 2, 512, 1, 8192, 4096);

    private static BenchContext Context(ITestOutputHelper output)
    {
        var model = int.TryParse(Environment.GetEnvironmentVariable("GLM_BENCH_LAYERS"), out var layers)
            ? TestModelFiles.Shaped(GlmShape.ChatGlm3_6B, layers, GgmlType.Q4_0)
            : TestModelFiles.Shaped(Tiny, 1, GgmlType.Q4_0);
        var directory = Path.Combine(Path.GetTempPath(), "glm-bench-tests");
        // The manual run keeps the quick scripts too: a deep model without prompt reuse takes seconds per request.
        return new BenchContext(model, Quick: true, Threads: 1, directory, ToolProcess.ServerDll, new OutputLogger(output));
    }

    [Fact]
    public async Task Typing_session_reports_both_modes_and_the_three_targets()
    {
        var section = new TypingSessionSection { ActionsOverride = Manual ? null : 4 };
        var result = await section.RunAsync(Context(output), CancellationToken.None);
        Print(result);

        Assert.Equal("Typing session", result.Name);
        Assert.Equal(
            ["median tokens evaluated beyond those changed since the previous request", "median time to first token, reuse disabled / with reuse", "answers served for a document version older than the newest"],
            result.Targets.Select(t => t.Name));
        Assert.Equal(["typing-ttft/with reuse", "typing-ttft/reuse disabled", "typing-evaluated/with reuse", "typing-evaluated/reuse disabled"],
            result.Series.Select(s => $"{s.Chart}/{s.Label}"));
        var details = result.Details!.AsObject();
        Assert.True(details["documentTokens"]!.GetValue<int>() >= 2000);
        var withReuse = details["requestsWithReuse"]!.AsArray();
        var baseline = details["requestsReuseDisabled"]!.AsArray();
        Assert.NotEmpty(withReuse);
        // The same script: the same requests, in both modes.
        Assert.Equal(withReuse.Select(r => r!["action"]!.GetValue<string>()), baseline.Select(r => r!["action"]!.GetValue<string>()));
        Assert.All(withReuse.Concat(baseline), r => Assert.NotNull(r!["outcome"]));
        // Reuse disabled evaluates whole prompts: at least as many tokens as it changed, every time.
        Assert.All(baseline.Where(r => r!["outcome"]!.GetValue<string>() == "generated"),
            r => Assert.Equal(r!["promptTokens"]!.GetValue<int>(), r["evaluatedPromptTokens"]!.GetValue<int>()));
        Assert.Equal(0, result.Targets[2].Measured);
    }

    [Fact]
    public async Task Throughput_compares_the_server_path_with_the_bare_loop()
    {
        var result = await new ServerThroughputSection().RunAsync(Context(output), CancellationToken.None);
        Print(result);

        Assert.Equal(["prompt tokens/s, server path / bare loop", "generation tokens/s, server path / bare loop"], result.Targets.Select(t => t.Name));
        Assert.All(result.Targets, t => Assert.True(t.Measured > 0 && double.IsFinite(t.Measured), t.Detail));
        var rounds = result.Details!["rounds"]!.AsArray();
        Assert.Equal(9, rounds.Count);
        // Each target is the median of the per-round ratios (server against the bare runs around it), not a ratio of medians.
        var promptRatios = rounds.Select(r => r!["serverPromptTokensPerSecond"]!.GetValue<double>() / r["barePromptTokensPerSecond"]!.GetValue<double>()).Order().ToArray();
        Assert.Equal(promptRatios[4], result.Targets[0].Measured, tolerance: 1e-4);
    }

    [Fact]
    public async Task Cancellation_measures_cancel_and_supersede_against_a_decode_step()
    {
        var result = await new CancellationSection().RunAsync(Context(output), CancellationToken.None);
        Print(result);

        Assert.Equal(["model free after $/cancelRequest (median)", "model free after a superseding request (median)"], result.Targets.Select(t => t.Name));
        Assert.NotEmpty(result.Details!["cancelRequestMs"]!.AsArray());
        Assert.NotEmpty(result.Details!["supersedingRequestMs"]!.AsArray());
    }

    [Fact]
    public async Task Memory_separates_model_and_kv_cache_from_the_overhead()
    {
        var result = await new ServerMemorySection().RunAsync(Context(output), CancellationToken.None);
        Print(result);

        var target = Assert.Single(result.Targets);
        Assert.Equal("resident memory beyond model file and KV cache, after a typing session", target.Name);
        var details = result.Details!.AsObject();
        Assert.True(details["kvCacheFromLog"]!.GetValue<bool>(), "llama.cpp's KV buffer line was not found in the server log");
        Assert.True(details["computeBufferBytes"]!.GetValue<long>() > 0);
        Assert.True(details["afterSession"]!["residentBytes"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task Cpu_laptop_measures_both_first_suggestions_and_continues_typing_where_they_were_asked_for()
    {
        var section = new CpuLaptopSection { ActionsOverride = Manual ? null : 4 };
        var context = Context(output) with { OpenWait = Manual ? null : TimeSpan.FromSeconds(10) };
        var result = await section.RunAsync(context, CancellationToken.None);
        Print(result);

        Assert.Equal("CPU laptop", result.Name);
        if (!Manual)
        {
            Assert.Empty(result.Targets);
            Assert.Equal("none on a 1-layer model (they are stated for the 28-layer ChatGLM3-6B shape)", result.Figures["targets"]);
        }

        Assert.Equal(["cpu-typing-latency/time to answer"], result.Series.Select(s => $"{s.Chart}/{s.Label}"));
        var details = result.Details!.AsObject();
        Assert.True(details["documentTokens"]!.GetValue<int>() >= 2000);
        var rightAway = details["firstSuggestionRightAway"]!;
        var afterWait = details["firstSuggestionAfterOpenWait"]!;
        Assert.Equal("generated", rightAway["outcome"]!.GetValue<string>());
        Assert.Equal("generated", afterWait["outcome"]!.GetValue<string>());
        var promptTokens = afterWait["promptTokens"]!.GetValue<int>();
        Assert.True(promptTokens > 0);
        Assert.InRange(rightAway["evaluatedPromptTokens"]!.GetValue<int>(), 0, rightAway["promptTokens"]!.GetValue<int>());
        Assert.InRange(afterWait["openForMs"]!.GetValue<double>(), 0, (context.OpenWait ?? CpuLaptopPlan.DefaultOpenWait).TotalMilliseconds + 1_000);

        var requests = details["requests"]!.AsArray();
        Assert.Equal(details["typing"]!["requests"]!.GetValue<int>(), requests.Count);
        Assert.All(requests, r => Assert.NotNull(r!["outcome"]));
        Assert.Equal(["move", "type", "left"], requests.Select(r => r!["action"]!.GetValue<string>()).Distinct().Take(3));
        // The session starts where the first suggestion was asked for, on what the server cached for it.
        Assert.Equal(afterWait["promptTokens"]!.GetValue<int>(), requests[0]!["promptTokens"]!.GetValue<int>());
        Assert.True(requests[0]!["evaluatedPromptTokens"]!.GetValue<int>() * 4 < promptTokens, requests[0]!.ToJsonString());
    }

    private static bool Manual => Environment.GetEnvironmentVariable("GLM_BENCH_LAYERS") is not null;

    private void Print(BenchSectionResult result)
    {
        foreach (var target in result.Targets)
        {
            output.WriteLine($"{(target.Met ? "MET " : "MISS")} {target.Name}: {target.Measured:F3} {target.Unit} (target {target.Target:F1}) — {target.Detail}");
        }

        foreach (var (name, value) in result.Figures)
        {
            output.WriteLine($"  {name}: {value}");
        }

        if (Manual)
        {
            output.WriteLine(result.Details?.ToJsonString(new JsonSerializerOptions { WriteIndented = false }) ?? "");
        }
    }

    private sealed class OutputLogger(ITestOutputHelper output) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            output.WriteLine($"{logLevel}: {formatter(state, exception)}");
    }
}
