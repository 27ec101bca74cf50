using System.Diagnostics;
using System.Text.Json.Nodes;
using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Glm.Lsp.Protocol;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// Issue #5, part 4: how long the model stays busy after the client gives up on a generation, by <c>$/cancelRequest</c>
/// or by a superseding request for the same document, against one decode step measured in the same run.
/// </summary>
/// <remarks>
/// "Free" is the moment the server's completion service sees the engine end the job (the inference thread has left
/// its last decode call): glm/requestStats reports it as a monotonic timestamp (Stopwatch, CLOCK_MONOTONIC on Linux),
/// which the client compares with its own timestamp taken just before sending the cancellation or the new request.
/// One decode step is the engine's generation time per token of an uncancelled request of the same run.
/// </remarks>
public sealed class CancellationSection : IBenchmarkSection
{
    private const int ContextSize = 4096;
    private const double AllowanceMs = 20;

    /// <summary>A trial's generation should run this long uncancelled, so the cancellation always lands mid-generation.</summary>
    private static readonly TimeSpan LongGeneration = TimeSpan.FromSeconds(2);

    public string Name => "Cancellation";

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var trials = context.Smoke ? 2 : context.Quick ? 5 : 12;
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(context.ModelPath));
        var settings = BenchSettings.Create(context, 32, 256, ContextSize);
        await using var client = await BenchLanguageClient.StartAsync(context, true, settings, cancellationToken);
        const string uri = "file:///bench/cancel.md";
        var document = BenchDocument.Create(200, tokenizer.CountTokens, seed: 7);
        await client.OpenAsync(uri, document);
        var position = ServerThroughputSection.EndOf(document);

        // Uncancelled runs: the first caches the prompt (and loads the grammars), the second measures one decode step and
        // the wait before generation starts when the prompt is cached, as it is in every trial.
        await CompleteAsync(client, uri, position, cancellationToken);
        var warm = await CompleteAsync(client, uri, position, cancellationToken);
        var step = warm.GenerationMs / Math.Max(1, warm.GeneratedTokens);
        var cancelAfter = TimeSpan.FromMilliseconds((warm.TimeToFirstTokenMs ?? 0) + (5 * step));
        // Long enough to outlast the cancellation on any model; half the context at most, the engine's own limit.
        var maxTokens = (int)Math.Clamp((cancelAfter + LongGeneration).TotalMilliseconds / Math.Max(step, 0.01), 64, ContextSize / 2);
        await client.ChangeSettingsAsync(BenchSettings.WithMaxTokens(settings, maxTokens));

        var cancelled = new List<double>();
        var superseded = new List<double>();
        // A trial counts only when the server reports the generation as cancelled or superseded (not finished first).
        var outcomes = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            if (await CancelTrialAsync(outcomes, client, uri, position, cancelAfter, cancellationToken) is { } latency)
            {
                cancelled.Add(latency);
            }

            if (await SupersedeTrialAsync(outcomes, client, uri, position, cancelAfter, cancellationToken) is { } supersedeLatency)
            {
                superseded.Add(supersedeLatency);
            }
        }

        var limit = step + AllowanceMs;
        context.Logger.LogInformation(
            "Cancellation: model free {Cancel} after $/cancelRequest, {Supersede} after a superseding request (median); one decode step {Step}",
            BenchSettings.Ms(Percentiles.Median(cancelled)), BenchSettings.Ms(Percentiles.Median(superseded)), BenchSettings.Ms(step));
        var targets = new[]
        {
            new BenchTarget(Name, "model free after $/cancelRequest (median)", Percentiles.Median(cancelled), limit, false, "ms",
                FormattableString.Invariant($"max {Percentiles.Of(cancelled, 100):F1} ms over {cancelled.Count} trials; one decode step {step:F1} ms + {AllowanceMs} ms")),
            new BenchTarget(Name, "model free after a superseding request (median)", Percentiles.Median(superseded), limit, false, "ms",
                FormattableString.Invariant($"max {Percentiles.Of(superseded, 100):F1} ms over {superseded.Count} trials; one decode step {step:F1} ms + {AllowanceMs} ms")),
        };
        var figures = new Dictionary<string, string>
        {
            ["one decode step"] = BenchSettings.Ms(step),
            ["$/cancelRequest → model free, median / max"] = $"{BenchSettings.Ms(Percentiles.Median(cancelled))} / {BenchSettings.Ms(Percentiles.Of(cancelled, 100))}",
            ["superseding request → model free, median / max"] = $"{BenchSettings.Ms(Percentiles.Median(superseded))} / {BenchSettings.Ms(Percentiles.Of(superseded, 100))}",
            ["valid trials (cancel / supersede)"] = $"{cancelled.Count} / {superseded.Count} of {trials}",
        };
        return new BenchSectionResult(Name, targets, figures,
        [
            new BenchSeries("cancellation", "$/cancelRequest", cancelled, "ms"),
            new BenchSeries("cancellation", "superseding request", superseded, "ms"),
        ], new JsonObject
        {
            ["decodeStepMs"] = BenchSettings.Number(step),
            ["maxTokens"] = maxTokens,
            ["trialOutcomes"] = new JsonArray([.. outcomes.Select(o => (JsonNode)o)]),
            ["cancelAfterMs"] = BenchSettings.Number(cancelAfter.TotalMilliseconds),
            ["cancelRequestMs"] = new JsonArray([.. cancelled.Select(v => BenchSettings.Number(v))]),
            ["supersedingRequestMs"] = new JsonArray([.. superseded.Select(v => BenchSettings.Number(v))]),
        });
    }

    /// <summary>Starts a long generation, sends $/cancelRequest once it generates, and returns the ms until the model was free.</summary>
    private static async Task<double?> CancelTrialAsync(List<string> outcomes, BenchLanguageClient client, string uri, Position position, TimeSpan cancelAfter, CancellationToken cancellationToken)
    {
        var before = client.Stats.Count;
        using var cancel = new CancellationTokenSource();
        var request = client.InlineCompletionAsync(uri, position, invoked: true, cancel.Token);
        await Task.Delay(cancelAfter, cancellationToken);
        var sentAt = NowMs();
        await cancel.CancelAsync();
        try
        {
            await request;
        }
        catch (OperationCanceledException)
        {
            // The expected answer: RequestCancelled.
        }

        await client.WaitForStatsAsync(before + 1, cancellationToken);
        var stats = client.Stats[before];
        outcomes.Add("cancel: " + stats.Outcome);
        return stats is { Outcome: "cancelled", ModelFreedAtMs: { } freed } ? freed - sentAt : null;
    }

    /// <summary>Starts a long generation, sends a new request for the same document once it generates, and returns the
    /// ms from sending it until the model was free of the old one. The new request is then cancelled.</summary>
    private static async Task<double?> SupersedeTrialAsync(List<string> outcomes, BenchLanguageClient client, string uri, Position position, TimeSpan cancelAfter, CancellationToken cancellationToken)
    {
        var before = client.Stats.Count;
        var first = client.InlineCompletionAsync(uri, position, invoked: true, cancellationToken);
        await Task.Delay(cancelAfter, cancellationToken);
        using var cancelSecond = new CancellationTokenSource();
        var sentAt = NowMs();
        // Automatic, not invoked: an identical request would join the first one's generation instead of superseding it.
        var second = client.InlineCompletionAsync(uri, position, invoked: false, cancelSecond.Token);
        await first;
        await client.WaitForStatsAsync(before + 1, cancellationToken);
        var stats = client.Stats[before];
        await cancelSecond.CancelAsync();
        try
        {
            await second;
        }
        catch (OperationCanceledException)
        {
            // Cancelled on purpose: the trial only needed it to supersede the first.
        }

        await client.WaitForStatsAsync(before + 2, cancellationToken);
        outcomes.Add("supersede: " + stats.Outcome);
        return stats is { Outcome: "superseded", ModelFreedAtMs: { } freed } ? freed - sentAt : null;
    }

    private static async Task<RequestStatsParams> CompleteAsync(BenchLanguageClient client, string uri, Position position, CancellationToken cancellationToken)
    {
        var before = client.Stats.Count;
        await client.InlineCompletionAsync(uri, position, invoked: false, cancellationToken);
        await client.WaitForStatsAsync(before + 1, cancellationToken);
        return client.Stats[before];
    }

    private static double NowMs() => Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
}
