using System.Diagnostics;
using System.Text.Json.Nodes;
using Glm.Inference.Engine;
using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// Issue #5, part 1 (server part): prompt and generation tokens per second through the whole server path — a real
/// client over stdio, JSON-RPC, the completion service, the engine's queue and thread — against a bare LLamaSharp loop
/// (<see cref="BareLlamaLoop"/> with the server's engine parameters) on the same model in the same run. Each round
/// brackets the server's requests between two bare runs, and the targets are medians of per-round ratios, so both
/// sides see the same machine load.
/// </summary>
/// <remarks>
/// Prompt: a fresh document (nothing cached) with maxTokens 1; tokens evaluated (from glm/requestStats) divided by the
/// client's round trip. Generation: the same request again with maxTokens N, so the prompt is cached and one token is
/// evaluated; the tokens after the first divided by the client's round trip minus the server's time to first token, the
/// usual definition of a decode rate (the bare loop counts the same way). That window still holds every per-token
/// server cost (the engine's queue and thread, chunk delivery, the answer's JSON over stdio); the fixed per-request
/// costs before the first token (settings, grammar, prompt building) are reported separately as the round-trip rate.
/// </remarks>
public sealed class ServerThroughputSection : IBenchmarkSection
{
    private const int ContextSize = 2048;

    public string Name => "Server throughput";

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        // Per-round ratios are noisy on a shared machine (one round is seconds long, and other tenants of the VM slow a
        // round by 5–30% now and then); nine give a median that moved by about ±2% between runs.
        var rounds = context.Smoke ? 1 : context.Quick ? 9 : 11;
        var promptBudget = context.Smoke ? 64 : context.Quick ? 256 : 1024;
        var generateTokens = context.Smoke ? 8 : context.Quick ? 24 : 64;
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(context.ModelPath));
        var settings = BenchSettings.Create(context, 1, promptBudget, ContextSize);
        var longer = BenchSettings.WithMaxTokens(settings, generateTokens);

        await using var client = await BenchLanguageClient.StartAsync(context, true, settings, cancellationToken);
        // The server's engine configuration (one slot, this context, the same threads), so the comparison measures the
        // server path and not a different llama.cpp setup.
        using var bare = await BareLlamaLoop.LoadAsync(
            context.EngineOptions() with { ContextSize = ContextSize, Slots = 1 }, cancellationToken);
        var rows = new List<Row>();
        var roundTripGeneration = new List<double>();
        var previousPromptTokens = promptBudget;
        // Round 0 warms both paths up (first decode, page faults of the mapped file) and is not counted.
        for (var round = 0; round <= rounds; round++)
        {
            var uri = $"file:///bench/throughput-{round}.md";
            // Round-specific text, so no prompt shares more than its start tokens with the previous one.
            var document = BenchDocument.Create(promptBudget + 64, tokenizer.CountTokens, seed: 100 + round);
            await client.OpenAsync(uri, document);
            var position = EndOf(document);

            // The bare loop runs right before and right after the server's two requests and the server is compared with
            // their mean: a load that rises or falls across the round hits both sides alike, which on a shared machine
            // moves the ratio more than anything the server does. The run before cannot know this round's prompt length
            // yet and takes the previous round's (the documents differ by a few tokens).
            var bareBefore = bare.Run(bare.RandomTokens(previousPromptTokens, seed: 2 * round), generateTokens, cancellationToken);
            await client.ChangeSettingsAsync(settings);
            var (promptMs, promptStats) = await TimedRequestAsync(client, uri, position, cancellationToken);
            await client.ChangeSettingsAsync(longer);
            var (generationMs, generationStats) = await TimedRequestAsync(client, uri, position, cancellationToken);
            var bareAfter = bare.Run(bare.RandomTokens(promptStats.EvaluatedPromptTokens, seed: (2 * round) + 1), generateTokens, cancellationToken);
            previousPromptTokens = promptStats.EvaluatedPromptTokens;

            if (round > 0)
            {
                roundTripGeneration.Add(generationStats.GeneratedTokens / (generationMs / 1000));
                var afterFirstToken = Math.Max(1, generationMs - (generationStats.TimeToFirstTokenMs ?? 0));
                rows.Add(new Row(
                    promptStats.EvaluatedPromptTokens / (promptMs / 1000),
                    Math.Max(1, generationStats.GeneratedTokens - 1) / (afterFirstToken / 1000),
                    (bareBefore.PromptTokensPerSecond + bareAfter.PromptTokensPerSecond) / 2,
                    (bareBefore.GenerationTokensPerSecond + bareAfter.GenerationTokensPerSecond) / 2,
                    promptStats.EvaluatedPromptTokens,
                    generationStats.GeneratedTokens,
                    promptStats.EvaluatedPromptTokens / (promptStats.PromptMs / 1000),
                    generationStats.GeneratedTokens / (generationStats.GenerationMs / 1000)));
            }
        }

        var serverPrompt = Percentiles.Median(rows.Select(r => r.ServerPrompt));
        var barePromptRate = Percentiles.Median(rows.Select(r => r.BarePrompt));
        var serverGeneration = Percentiles.Median(rows.Select(r => r.ServerGeneration));
        var bareGenerationRate = Percentiles.Median(rows.Select(r => r.BareGeneration));
        // The targets are medians of the per-round ratios: each ratio compares measurements seconds apart.
        var promptRatio = Percentiles.Median(rows.Select(r => r.ServerPrompt / r.BarePrompt));
        var generationRatio = Percentiles.Median(rows.Select(r => r.ServerGeneration / r.BareGeneration));
        context.Logger.LogInformation(
            "Server path: prompt {ServerPrompt:F1} tok/s vs bare {BarePrompt:F1}; generation {ServerGeneration:F1} tok/s vs bare {BareGeneration:F1}",
            serverPrompt, barePromptRate, serverGeneration, bareGenerationRate);

        var perRound = $"median of {rows.Count} rounds, each against the mean of a bare run just before and just after";
        var targets = new[]
        {
            new BenchTarget(Name, "prompt tokens/s, server path / bare loop", promptRatio, 0.95, true, "×",
                FormattableString.Invariant($"{serverPrompt:F1} / {barePromptRate:F1} tok/s; {perRound}")),
            new BenchTarget(Name, "generation tokens/s, server path / bare loop", generationRatio, 0.95, true, "×",
                FormattableString.Invariant($"{serverGeneration:F1} / {bareGenerationRate:F1} tok/s; {perRound}")),
        };
        var figures = new Dictionary<string, string>
        {
            ["server path prompt tokens/s"] = FormattableString.Invariant($"{serverPrompt:F1}"),
            ["bare loop prompt tokens/s"] = FormattableString.Invariant($"{barePromptRate:F1}"),
            ["server path generation tokens/s"] = FormattableString.Invariant($"{serverGeneration:F1}"),
            ["bare loop generation tokens/s"] = FormattableString.Invariant($"{bareGenerationRate:F1}"),
            ["server path generation tokens/s over the whole round trip (incl. time to first token)"] =
                FormattableString.Invariant($"{Percentiles.Median(roundTripGeneration):F1}"),
            // The engine's own clock (glm/requestStats): splits the gap into server overhead and engine loop.
            ["engine-measured prompt / generation tokens/s"] = FormattableString.Invariant(
                $"{Percentiles.Median(rows.Select(r => r.EnginePrompt)):F1} / {Percentiles.Median(rows.Select(r => r.EngineGeneration)):F1}"),
            ["prompt / generated tokens per round"] = FormattableString.Invariant($"{Percentiles.Median(rows.Select(r => (double)r.PromptTokens))} / {Percentiles.Median(rows.Select(r => (double)r.Generated))}"),
        };
        var details = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
        {
            ["promptTokens"] = r.PromptTokens,
            ["generatedTokens"] = r.Generated,
            ["serverPromptTokensPerSecond"] = BenchSettings.Number(r.ServerPrompt),
            ["barePromptTokensPerSecond"] = BenchSettings.Number(r.BarePrompt),
            ["serverGenerationTokensPerSecond"] = BenchSettings.Number(r.ServerGeneration),
            ["bareGenerationTokensPerSecond"] = BenchSettings.Number(r.BareGeneration),
            ["enginePromptTokensPerSecond"] = BenchSettings.Number(r.EnginePrompt),
            ["engineGenerationTokensPerSecond"] = BenchSettings.Number(r.EngineGeneration),
        })]);
        // The bars of this configuration next to the engine section's bare loop and engine in throughput.png.
        // This section's own bare-loop baseline is drawn too: its rounds ran at other moments than the engine section's.
        var series = new[]
        {
            new BenchSeries(BenchCharts.ThroughputChart, "server path", [serverPrompt, serverGeneration], "tokens/s"),
            new BenchSeries(BenchCharts.ThroughputChart, "bare loop (server rounds)", [barePromptRate, bareGenerationRate], "tokens/s"),
        };
        return new BenchSectionResult(Name, targets, figures, series, new JsonObject { ["rounds"] = details });
    }

    /// <summary>Sends one automatic inline completion at the end of a paragraph and returns the round trip and the server's figures.</summary>
    private static async Task<(double Ms, RequestStatsParams Stats)> TimedRequestAsync(
        BenchLanguageClient client, string uri, Position position, CancellationToken cancellationToken)
    {
        var before = client.Stats.Count;
        var clock = Stopwatch.StartNew();
        await client.InlineCompletionAsync(uri, position, invoked: false, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await client.WaitForStatsAsync(before + 1, cancellationToken);
        var stats = client.Stats[before];
        return stats.Outcome == "generated"
            ? (elapsed, stats)
            : throw new InvalidOperationException($"The throughput request was not generated: {stats.Outcome}.");
    }

    private sealed record Row(
        double ServerPrompt, double ServerGeneration, double BarePrompt, double BareGeneration, int PromptTokens, int Generated, double EnginePrompt, double EngineGeneration);

    /// <summary>The end of the last paragraph: a continuation there is prose, single-line, with nothing after it.</summary>
    internal static Position EndOf(string document)
    {
        var end = BenchDocument.ParagraphEnds(document)[^1];
        var lineStart = document.LastIndexOf('\n', end - 1) + 1;
        return new Position(document[..lineStart].Count(c => c == '\n'), end - lineStart);
    }
}
