using System.Text.Json.Nodes;
using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// Issue #5, part 3: a scripted editing session on a 2,000-token Markdown document against the real server, once with
/// prompt reuse and once with reuse disabled (the <c>no-prompt-reuse</c> diagnostic switch), in the same run.
/// </summary>
public sealed class TypingSessionSection : IBenchmarkSection
{
    public const string DocumentUri = "file:///bench/notes.md";
    private const int DocumentTokens = 2000;
    private const int MaxTokens = 16;
    private const int PromptTokenBudget = 1024;
    private const int ContextSize = 2048;

    public string Name => "Typing session";

    /// <summary>Actions of the script; each is a word or an edit, so a quick run stays within a couple of minutes.</summary>
    internal int Actions(BenchContext context) => ActionsOverride ?? (context.Smoke ? 4 : context.Quick ? 12 : 48);

    /// <summary>Tests shorten the script further.</summary>
    internal int? ActionsOverride { get; init; }

    /// <summary>Between keystrokes of a word: a fast typist, fast enough that requests supersede each other.</summary>
    internal static TimeSpan KeystrokeInterval { get; } = TimeSpan.FromMilliseconds(90);

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var tokenizer = GlmTokenizer.FromGguf(GgufReader.Read(context.ModelPath));
        var document = BenchDocument.Create(DocumentTokens, tokenizer.CountTokens);
        var script = TypingScript.Create(Actions(context), BenchDocument.ParagraphEnds(document).Count);
        var settings = BenchSettings.Create(context, MaxTokens, PromptTokenBudget, ContextSize);

        var reuse = await RunModeAsync(context, settings, document, script, promptReuse: true, cancellationToken);
        var baseline = await RunModeAsync(context, settings, document, script, promptReuse: false, cancellationToken);
        var withReuse = TypingSummary.Of(reuse);
        var without = TypingSummary.Of(baseline);
        context.Logger.LogInformation(
            "Typing: median TTFT {Reuse} with reuse, {Baseline} without; median evaluated {Evaluated} for {Changed} changed tokens",
            BenchSettings.Ms(withReuse.MedianTimeToFirstTokenMs), BenchSettings.Ms(without.MedianTimeToFirstTokenMs),
            withReuse.MedianEvaluatedTokens, withReuse.MedianChangedTokens);

        var documentTokens = tokenizer.CountTokens(document);
        return new BenchSectionResult(Name, Targets(withReuse, without), Figures(withReuse, without, documentTokens, script.Count), Series(reuse, baseline), new JsonObject
        {
            ["documentTokens"] = documentTokens,
            ["actions"] = script.Count,
            ["keystrokeIntervalMs"] = KeystrokeInterval.TotalMilliseconds,
            ["withReuse"] = withReuse.ToJson(),
            ["reuseDisabled"] = without.ToJson(),
            ["requestsWithReuse"] = RecordsJson(reuse),
            ["requestsReuseDisabled"] = RecordsJson(baseline),
        });
    }

    /// <summary>The three targets for the session, from the summaries of both modes.</summary>
    internal IReadOnlyList<BenchTarget> Targets(TypingSummary withReuse, TypingSummary without)
    {
        var speedup = without.MedianTimeToFirstTokenMs / withReuse.MedianTimeToFirstTokenMs;
        return
        [
            new BenchTarget(Name, "median tokens evaluated beyond those changed since the previous request", withReuse.MedianExcessTokens, 2, false, "tokens",
                FormattableString.Invariant($"median evaluated {withReuse.MedianEvaluatedTokens}, median changed {withReuse.MedianChangedTokens}, over {withReuse.Generated} generated requests")),
            new BenchTarget(Name, "median time to first token, reuse disabled / with reuse", double.IsNaN(speedup) ? 0 : speedup, 10, true, "×",
                $"{BenchSettings.Ms(without.MedianTimeToFirstTokenMs)} / {BenchSettings.Ms(withReuse.MedianTimeToFirstTokenMs)}"),
            new BenchTarget(Name, "answers served for a document version older than the newest", withReuse.StaleAnswers + without.StaleAnswers, 0, false, "",
                $"with reuse {withReuse.StaleAnswers}, reuse disabled {without.StaleAnswers}; overtaken in flight (dropped by the editor): {withReuse.AnswersOvertakenInFlight} and {without.AnswersOvertakenInFlight}"),
        ];
    }

    private static async Task<IReadOnlyList<TypingRequestRecord>> RunModeAsync(
        BenchContext context, JsonObject settings, string document, IReadOnlyList<TypingAction> script, bool promptReuse, CancellationToken cancellationToken)
    {
        await using var client = await BenchLanguageClient.StartAsync(context, promptReuse, settings, cancellationToken);
        var runner = new TypingSessionRunner(client, DocumentUri, KeystrokeInterval);
        return await runner.RunAsync(document, script, cancellationToken);
    }

    private static Dictionary<string, string> Figures(TypingSummary withReuse, TypingSummary without, int documentTokens, int actions) => new()
    {
        ["document"] = $"{documentTokens} tokens, {actions} actions",
        ["requests (with reuse / disabled)"] = $"{withReuse.Requests} / {without.Requests}",
        ["generated requests (with reuse / disabled)"] = $"{withReuse.Generated} / {without.Generated}",
        ["median / p95 time to first token, with reuse"] = $"{BenchSettings.Ms(withReuse.MedianTimeToFirstTokenMs)} / {BenchSettings.Ms(withReuse.P95TimeToFirstTokenMs)}",
        ["median / p95 time to first token, reuse disabled"] = $"{BenchSettings.Ms(without.MedianTimeToFirstTokenMs)} / {BenchSettings.Ms(without.P95TimeToFirstTokenMs)}",
        ["median / p95 time to suggestion, with reuse"] = $"{BenchSettings.Ms(withReuse.MedianTimeToSuggestionMs)} / {BenchSettings.Ms(withReuse.P95TimeToSuggestionMs)}",
        ["median / p95 time to suggestion, reuse disabled"] = $"{BenchSettings.Ms(without.MedianTimeToSuggestionMs)} / {BenchSettings.Ms(without.P95TimeToSuggestionMs)}",
        ["median / p95 tokens evaluated, with reuse"] = FormattableString.Invariant($"{withReuse.MedianEvaluatedTokens} / {withReuse.P95EvaluatedTokens}"),
        ["median / p95 tokens evaluated, reuse disabled"] = FormattableString.Invariant($"{without.MedianEvaluatedTokens} / {without.P95EvaluatedTokens}"),
    };

    private static BenchSeries[] Series(IReadOnlyList<TypingRequestRecord> reuse, IReadOnlyList<TypingRequestRecord> baseline) =>
    [
        new("typing-ttft", "with reuse", FirstTokenTimes(reuse), "ms"),
        new("typing-ttft", "reuse disabled", FirstTokenTimes(baseline), "ms"),
        new("typing-evaluated", "with reuse", EvaluatedTokens(reuse), "tokens"),
        new("typing-evaluated", "reuse disabled", EvaluatedTokens(baseline), "tokens"),
    ];

    /// <summary>Time to first token of each request that ran the model, in session order.</summary>
    private static double[] FirstTokenTimes(IReadOnlyList<TypingRequestRecord> records) =>
        [.. records.Where(r => r.Server is { Outcome: "generated", TimeToFirstTokenMs: not null }).Select(r => r.Server!.TimeToFirstTokenMs!.Value)];

    private static double[] EvaluatedTokens(IReadOnlyList<TypingRequestRecord> records) =>
        [.. records.Where(r => r.Server is { Outcome: "generated" }).Select(r => (double)r.Server!.EvaluatedPromptTokens)];

    internal static JsonArray RecordsJson(IReadOnlyList<TypingRequestRecord> records) =>
        [.. records.Select(r => (JsonNode)new JsonObject
        {
            ["index"] = r.Index,
            ["action"] = r.Action,
            ["version"] = r.Version,
            ["line"] = r.Position.Line,
            ["character"] = r.Position.Character,
            ["sentAtMs"] = BenchSettings.Number(r.SentAtMs),
            ["timeToSuggestionMs"] = BenchSettings.Number(r.TimeToSuggestionMs),
            ["items"] = r.Items,
            ["clientNewestVersionAtAnswer"] = r.ClientNewestVersionAtAnswer,
            ["outcome"] = r.Server?.Outcome,
            ["serverNewestVersion"] = r.Server?.NewestVersion,
            ["promptTokens"] = r.Server?.PromptTokens,
            ["evaluatedPromptTokens"] = r.Server?.EvaluatedPromptTokens,
            ["changedPromptTokens"] = r.Server?.ChangedPromptTokens,
            ["generatedTokens"] = r.Server?.GeneratedTokens,
            ["timeToFirstTokenMs"] = r.Server?.TimeToFirstTokenMs is { } ttft ? BenchSettings.Number(ttft) : null,
        })];
}
