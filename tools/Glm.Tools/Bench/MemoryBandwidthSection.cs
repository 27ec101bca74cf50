using System.Text.Json.Nodes;
using Glm.Inference.Engine;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench;

/// <summary>
/// Issue #5 (a reported figure since issue #17, no longer a target): generation reads every weight once per token, so memory bandwidth bounds its speed. Each round
/// measures the machine's read bandwidth (with the engine's thread count) and the engine's and the bare loop's
/// generation speed back to back; the fraction of the limit reached is (tokens/s × bytes per token) ÷ bandwidth.
/// </summary>
internal sealed class MemoryBandwidthSection : IBenchmarkSection
{
    public const string SectionName = "Memory bandwidth";
    private const int PassesPerRound = 3;
    private const int PromptTokens = 16;

    public string Name => SectionName;

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var plan = BenchPlan.For(context);
        var traffic = WeightTraffic.Of(context.ModelPath);
        var options = context.EngineOptions();
        var generatedTokens = plan.GeneratedTokens * 2;
        var probe = new MemoryBandwidthProbe(plan.BandwidthBufferBytes, context.Threads, context.MeasureCpu);
        // The yardstick for what one core can do with 4-bit weights (single-threaded, like the kernel itself).
        using var kernel = ReferenceQ4Kernel.IsSupported && context.Threads == 1
            ? new ReferenceQ4Kernel(plan.BandwidthBufferBytes, context.MeasureCpu)
            : null;
        using var bare = await BareLlamaLoop.LoadAsync(options, cancellationToken);
        await using var engine = await LlamaEngine.LoadAsync(options, null, null, cancellationToken);

        var rounds = new List<Round>();
        for (var round = 0; round <= plan.Rounds; round++)
        {
            var before = Enumerable.Range(0, PassesPerRound).Max(_ => probe.MeasureOnePass());
            var text = BenchPrompts.ForRound(1000 + round, PromptTokens, bare.Tokenize);
            DecodeTimings engineRun;
            DecodeTimings bareRun;
            // Alternating the order, as in the engine-overhead section, so neither always runs right after the probe.
            if (round % 2 == 0)
            {
                (engineRun, _) = await EngineTimingRun.MeasureAsync(engine, text, generatedTokens, cancellationToken);
                bareRun = bare.Run(bare.Tokenize(text), generatedTokens, cancellationToken);
            }
            else
            {
                bareRun = bare.Run(bare.Tokenize(text), generatedTokens, cancellationToken);
                (engineRun, _) = await EngineTimingRun.MeasureAsync(engine, text, generatedTokens, cancellationToken);
            }

            var after = Enumerable.Range(0, PassesPerRound).Max(_ => probe.MeasureOnePass());
            var kernelBytesPerSecond = kernel?.MeasureBytesPerSecond(2);
            // The best pass on either side of the generation runs: the machine's limit during the round. Load from other
            // processes only ever lowers a pass, so the best is the closest to what the hardware can do.
            var bandwidth = Math.Max(before, after);
            var current = new Round(bandwidth, engineRun.GenerationTokensPerSecond, bareRun.GenerationTokensPerSecond, kernelBytesPerSecond);
            context.Logger.LogInformation(
                "Memory bandwidth round {Round}: {Bandwidth:F2} GB/s; generation engine {Engine:F2} / bare {Bare:F2} tok/s → {Fraction:F2} of the limit",
                round, bandwidth / 1e9, current.EngineTokensPerSecond, current.BareTokensPerSecond, current.EngineFraction(traffic));
            // Round 0 warms up the model's pages and the probe's buffer and is not counted.
            if (round > 0)
            {
                rounds.Add(current);
            }
        }

        return Summarize(rounds, traffic, probe.BufferBytes, context.Threads, kernel?.MatrixBytes);
    }

    private static BenchSectionResult Summarize(List<Round> rounds, WeightTraffic traffic, long bufferBytes, int threads, long? kernelMatrixBytes)
    {
        var fraction = BenchMath.Median(rounds.Select(r => r.EngineFraction(traffic)));
        var bareFraction = BenchMath.Median(rounds.Select(r => r.BareFraction(traffic)));
        var bandwidth = BenchMath.Median(rounds.Select(r => r.BytesPerSecond));
        var bestBandwidth = rounds.Max(r => r.BytesPerSecond);
        var engine = BenchMath.Median(rounds.Select(r => r.EngineTokensPerSecond));
        var limit = bandwidth / traffic.BytesPerToken;
        var bestEngine = rounds.Max(r => r.EngineTokensPerSecond);
        var bestBare = rounds.Max(r => r.BareTokensPerSecond);
        // A figure, not a target (issue #17): the fraction is bound by llama.cpp's own Q4_0 kernel, not by this project.
        var fractionDetail =
            $"{fraction:F2} (engine {EngineOverheadSection.Format(engine)} tok/s vs limit {EngineOverheadSection.Format(limit)} tok/s = {bandwidth / 1e9:F2} GB/s ({threads} thread(s)) ÷ {traffic.BytesPerToken / 1e6:F1} MB per token; bare loop reaches {bareFraction:F2}; median of {rounds.Count} rounds)";
        var figures = new Dictionary<string, string>
        {
            ["generation speed ÷ (bandwidth ÷ model bytes per token)"] = fractionDetail,
            ["read bandwidth (median of rounds, best of 6 passes around each round's generations)"] = $"{bandwidth / 1e9:F2} GB/s",
            ["read bandwidth (best pass)"] = $"{bestBandwidth / 1e9:F2} GB/s",
            ["probe buffer"] = $"{bufferBytes / (1 << 20)} MiB, {threads} thread(s)",
            ["weights read per token"] = traffic.Describe(),
            ["bandwidth limit"] = $"{EngineOverheadSection.Format(limit)} tok/s",
            ["engine generation"] = $"{EngineOverheadSection.Format(engine)} tok/s",
            ["bare loop fraction of the limit"] = $"{bareFraction:F2}",
            // Best against best: the view of a quiet machine, where neither side is slowed by other processes.
            ["best round ÷ best pass (engine, bare loop)"] =
                $"{bestEngine * traffic.BytesPerToken / bestBandwidth:F2}, {bestBare * traffic.BytesPerToken / bestBandwidth:F2}",
        };
        if (kernelMatrixBytes is { } matrixBytes)
        {
            // Not a target: it shows whether the hardware or llama.cpp's kernels keep generation below the limit.
            var kernelRate = BenchMath.Median(rounds.Select(r => r.KernelBytesPerSecond!.Value));
            var kernelFraction = BenchMath.Median(rounds.Select(r => r.KernelBytesPerSecond!.Value / r.BytesPerSecond));
            figures["reference Q4_0 kernel (C#, AVX2 without VNNI, 1 thread), fraction of the bandwidth"] =
                $"{kernelFraction:F2} ({kernelRate / 1e9:F2} GB/s over a {matrixBytes / (1 << 20)} MiB matrix; llama.cpp's generation reads {fraction * bandwidth / 1e9:F2} GB/s)";
        }

        var details = new JsonObject
        {
            ["bytesPerToken"] = traffic.BytesPerToken,
            ["totalTensorBytes"] = traffic.TotalTensorBytes,
            ["embeddingTableBytes"] = traffic.EmbeddingTableBytes,
            ["probeBufferBytes"] = bufferBytes,
            ["threads"] = threads,
            ["referenceKernelMatrixBytes"] = kernelMatrixBytes,
            ["rounds"] = new JsonArray([.. rounds.Select(r => (JsonNode)new JsonObject
            {
                ["bandwidthBytesPerSecond"] = Math.Round(r.BytesPerSecond),
                ["engineGenerationTokensPerSecond"] = Math.Round(r.EngineTokensPerSecond, 3),
                ["bareGenerationTokensPerSecond"] = Math.Round(r.BareTokensPerSecond, 3),
                ["engineFraction"] = Math.Round(r.EngineFraction(traffic), 4),
                ["referenceKernelBytesPerSecond"] = r.KernelBytesPerSecond is { } k ? Math.Round(k) : null,
            })]),
        };
        return new BenchSectionResult(SectionName, [], figures, [], details);
    }

    private sealed record Round(double BytesPerSecond, double EngineTokensPerSecond, double BareTokensPerSecond, double? KernelBytesPerSecond)
    {
        public double EngineFraction(WeightTraffic traffic) => EngineTokensPerSecond * traffic.BytesPerToken / BytesPerSecond;

        public double BareFraction(WeightTraffic traffic) => BareTokensPerSecond * traffic.BytesPerToken / BytesPerSecond;
    }
}
