using System.Globalization;
using System.Text.Json.Nodes;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench;

/// <summary>
/// Issue #5, target 1 (engine part): prompt and generation tokens/s through <see cref="LlamaEngine"/> against the bare
/// LLamaSharp loop on the same model, in interleaved rounds so load from other processes hits both alike.
/// </summary>
internal sealed class EngineOverheadSection : IBenchmarkSection
{
    public const string SectionName = "Engine overhead";
    public const double Target = 0.95;

    /// <summary>The name <see cref="LlamaEngine"/> gives its inference thread (as the kernel shows it).</summary>
    private const string InferenceThreadName = "glm-inference";

    public string Name => SectionName;

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var plan = BenchPlan.For(context);
        var options = context.EngineOptions();
        using var bare = await BareLlamaLoop.LoadAsync(options, cancellationToken);
        await using var engine = await LlamaEngine.LoadAsync(options, null, null, cancellationToken);

        var rounds = new List<Round>();
        // Round 0 warms up both (first decodes, page faults of the mapped weights) and is not counted.
        for (var round = 0; round <= plan.Rounds; round++)
        {
            var text = BenchPrompts.ForRound(round, plan.PromptTokens, bare.Tokenize);
            var tokens = bare.Tokenize(text);
            DecodeTimings bareRun;
            DecodeTimings engineRun;
            GenerationStats stats;
            TimeSpan bareCpu;
            TimeSpan engineCpu;
            TimeSpan inferenceThreadCpu;
            // Alternating the order cancels a drift in machine load over the round.
            if (round % 2 == 0)
            {
                (bareRun, bareCpu) = ProcessCpu.Measure(() => bare.Run(tokens, plan.GeneratedTokens, cancellationToken));
                var threadBefore = ProcessCpu.OfThreads(InferenceThreadName);
                ((engineRun, stats), engineCpu) = await ProcessCpu.MeasureAsync(() => MeasureEngineAsync(engine, text, plan.GeneratedTokens, cancellationToken));
                inferenceThreadCpu = ProcessCpu.OfThreads(InferenceThreadName) - threadBefore;
            }
            else
            {
                var threadBefore = ProcessCpu.OfThreads(InferenceThreadName);
                ((engineRun, stats), engineCpu) = await ProcessCpu.MeasureAsync(() => MeasureEngineAsync(engine, text, plan.GeneratedTokens, cancellationToken));
                inferenceThreadCpu = ProcessCpu.OfThreads(InferenceThreadName) - threadBefore;
                (bareRun, bareCpu) = ProcessCpu.Measure(() => bare.Run(tokens, plan.GeneratedTokens, cancellationToken));
            }

            context.Logger.LogInformation(
                "Engine overhead round {Round}: prompt {Tokens} tokens bare {BarePrompt:F1} / engine {EnginePrompt:F1} tok/s; generation bare {BareGeneration:F2} / engine {EngineGeneration:F2} tok/s (engine: {DecodeMs:F0} of {GenerationMs:F0} ms in llama_decode; inference thread CPU {ThreadCpuMs:F0} ms)",
                round, tokens.Length, bareRun.PromptTokensPerSecond, engineRun.PromptTokensPerSecond, bareRun.GenerationTokensPerSecond, engineRun.GenerationTokensPerSecond,
                stats.GenerationDecodeTime.TotalMilliseconds, stats.GenerationTime.TotalMilliseconds, inferenceThreadCpu.TotalMilliseconds);
            if (round > 0)
            {
                rounds.Add(new Round(bareRun, engineRun, stats, bareCpu, engineCpu, inferenceThreadCpu));
            }
        }

        return Summarize(rounds, plan);
    }

    private static async Task<(DecodeTimings Timings, GenerationStats Stats)> MeasureEngineAsync(
        LlamaEngine engine, string text, int generatedTokens, CancellationToken cancellationToken) =>
        await EngineTimingRun.MeasureAsync(engine, text, generatedTokens, cancellationToken);

    private static BenchSectionResult Summarize(List<Round> rounds, BenchPlan plan)
    {
        var promptRatio = BenchMath.Median(rounds.Select(r => r.Engine.PromptTokensPerSecond / r.Bare.PromptTokensPerSecond));
        var generationRatio = BenchMath.Median(rounds.Select(r => r.Engine.GenerationTokensPerSecond / r.Bare.GenerationTokensPerSecond));
        var barePrompt = BenchMath.Median(rounds.Select(r => r.Bare.PromptTokensPerSecond));
        var enginePrompt = BenchMath.Median(rounds.Select(r => r.Engine.PromptTokensPerSecond));
        var bareGeneration = BenchMath.Median(rounds.Select(r => r.Bare.GenerationTokensPerSecond));
        var engineGeneration = BenchMath.Median(rounds.Select(r => r.Engine.GenerationTokensPerSecond));
        var promptTokens = rounds[0].Bare.PromptTokens;
        var generated = rounds.Select(r => r.Engine.GeneratedTokens).Min();
        var perRound = $"median of {rounds.Count} interleaved rounds";

        var targets = new List<BenchTarget>
        {
            new(SectionName, "prompt tokens/s, engine ÷ bare loop", promptRatio, Target, true, "×",
                $"engine {Format(enginePrompt)} vs bare {Format(barePrompt)} tok/s; {promptTokens}-token prompts, nothing reused; {perRound}"),
            new(SectionName, "generation tokens/s, engine ÷ bare loop", generationRatio, Target, true, "×",
                $"engine {Format(engineGeneration)} vs bare {Format(bareGeneration)} tok/s; {plan.GeneratedTokens} tokens per run; {perRound}"),
        };
        var figures = new Dictionary<string, string>
        {
            ["bare loop prompt"] = $"{Format(barePrompt)} tok/s",
            ["engine prompt"] = $"{Format(enginePrompt)} tok/s",
            ["bare loop generation"] = $"{Format(bareGeneration)} tok/s",
            ["engine generation"] = $"{Format(engineGeneration)} tok/s",
            ["prompt tokens reused by the engine (must be 0)"] = rounds.Sum(r => r.Stats.ReusedPromptTokens).ToString(CultureInfo.InvariantCulture),
            ["fewest tokens the engine generated in a round"] = generated.ToString(CultureInfo.InvariantCulture),
            // Two views that load from other processes disturbs less: the fastest round of each, and the CPU time this
            // process spent per run (all threads, so chunk delivery counts), bare ÷ engine.
            ["best round ÷ best round (prompt, generation)"] =
                $"{Format(rounds.Max(r => r.Engine.PromptTokensPerSecond) / rounds.Max(r => r.Bare.PromptTokensPerSecond))}×, {Format(rounds.Max(r => r.Engine.GenerationTokensPerSecond) / rounds.Max(r => r.Bare.GenerationTokensPerSecond))}×",
            ["process CPU time per run, bare ÷ engine"] = $"{Format(BenchMath.Median(rounds.Select(r => r.BareCpu / r.EngineCpu)))}×",
        };
        var series = new List<BenchSeries>
        {
            new(BenchCharts.ThroughputChart, "bare loop", [barePrompt, bareGeneration], "tokens/s"),
            new(BenchCharts.ThroughputChart, "engine", [enginePrompt, engineGeneration], "tokens/s"),
        };
        var details = new JsonObject
        {
            ["promptTokens"] = promptTokens,
            ["generatedTokens"] = plan.GeneratedTokens,
            ["rounds"] = new JsonArray([.. rounds.Select(r => (JsonNode)new JsonObject
            {
                ["bare"] = ToJson(r.Bare),
                ["bareCpuMs"] = Math.Round(r.BareCpu.TotalMilliseconds, 1),
                ["engineCpuMs"] = Math.Round(r.EngineCpu.TotalMilliseconds, 1),
                ["engineInferenceThreadCpuMs"] = Math.Round(r.InferenceThreadCpu.TotalMilliseconds, 1),
                ["engine"] = ToJson(r.Engine),
                // The engine's own clocks, to tell time spent in decoding from time spent delivering chunks.
                ["engineInternal"] = new JsonObject
                {
                    ["reusedPromptTokens"] = r.Stats.ReusedPromptTokens,
                    ["slot"] = r.Stats.SlotId,
                    ["queueMs"] = Math.Round(r.Stats.QueueTime.TotalMilliseconds, 2),
                    ["promptMs"] = Math.Round(r.Stats.PromptTime.TotalMilliseconds, 2),
                    ["timeToFirstTokenMs"] = Math.Round(r.Stats.TimeToFirstToken.TotalMilliseconds, 2),
                    ["generationMs"] = Math.Round(r.Stats.GenerationTime.TotalMilliseconds, 2),
                    ["generationDecodeMs"] = Math.Round(r.Stats.GenerationDecodeTime.TotalMilliseconds, 2),
                },
            })]),
        };
        return new BenchSectionResult(SectionName, targets, figures, series, details);
    }

    internal static JsonObject ToJson(DecodeTimings timings) => new()
    {
        ["promptTokens"] = timings.PromptTokens,
        ["promptMs"] = Math.Round(timings.PromptTime.TotalMilliseconds, 2),
        ["promptTokensPerSecond"] = Math.Round(timings.PromptTokensPerSecond, 3),
        ["generatedTokens"] = timings.GeneratedTokens,
        ["generationMs"] = Math.Round(timings.GenerationTime.TotalMilliseconds, 2),
        ["generationTokensPerSecond"] = Math.Round(timings.GenerationTokensPerSecond, 3),
    };

    internal static string Format(double value) => value.ToString(value >= 100 ? "F0" : "F2", CultureInfo.InvariantCulture);

    private sealed record Round(DecodeTimings Bare, DecodeTimings Engine, GenerationStats Stats, TimeSpan BareCpu, TimeSpan EngineCpu, TimeSpan InferenceThreadCpu);
}
