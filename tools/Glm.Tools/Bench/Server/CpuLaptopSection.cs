using System.Diagnostics;
using System.Text.Json.Nodes;
using Glm.Inference.Gguf;
using Glm.Inference.Tokenization;
using Glm.Lsp.Protocol;
using Glm.Lsp.Settings;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench.Server;

/// <summary>
/// Issue #18: the real server with the default settings on one compute thread, as on a CPU-only laptop. The first
/// suggestion in a freshly opened 2,000-token Markdown document, asked for right away and after the document has been
/// open a while (what a background prefill can use); then a typing session in that document.
/// </summary>
public sealed class CpuLaptopSection : IBenchmarkSection
{
    public const string SectionName = "CPU laptop";
    private const string DocumentUri = "file:///bench/cpu-notes.md";
    private const int DocumentTokens = 2000;
    private static readonly TimeSpan QuietPoll = TimeSpan.FromMilliseconds(250);

    public string Name => SectionName;

    /// <summary>Tests shorten the typing session further.</summary>
    internal int? ActionsOverride { get; init; }

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var plan = CpuLaptopPlan.For(context);
        var model = GgufReader.Read(context.ModelPath);
        var layers = Layers(model);
        var tokenizer = GlmTokenizer.FromGguf(model);
        var document = BenchDocument.Create(DocumentTokens, tokenizer.CountTokens);
        var paragraphs = BenchDocument.ParagraphEnds(document).Count;
        var script = CpuLaptopPlan.Script(ActionsOverride ?? plan.Actions, paragraphs);
        var settings = Settings(context);

        FirstSuggestion rightAway;
        await using (var client = await BenchLanguageClient.StartAsync(context, promptReuse: true, settings, cancellationToken))
        {
            await client.OpenAsync(DocumentUri, document);
            rightAway = await AskFirstAsync(client, document, 0, endedQuiet: false, cancellationToken);
        }

        context.Logger.LogInformation("CPU laptop: first suggestion right after opening: {First}", rightAway.Describe());
        FirstSuggestion afterWait;
        IReadOnlyList<TypingRequestRecord> typing;
        await using (var client = await BenchLanguageClient.StartAsync(context, promptReuse: true, settings, cancellationToken))
        {
            await client.OpenAsync(DocumentUri, document);
            var opened = Stopwatch.StartNew();
            var endedQuiet = await WaitOpenAsync(client, plan, opened, cancellationToken);
            afterWait = await AskFirstAsync(client, document, opened.Elapsed.TotalMilliseconds, endedQuiet, cancellationToken);
            context.Logger.LogInformation("CPU laptop: first suggestion after {Seconds:F0} s open: {First}", afterWait.OpenForMs / 1000, afterWait.Describe());
            var runner = new TypingSessionRunner(client, DocumentUri, TypingSessionSection.KeystrokeInterval);
            typing = await runner.RunAsync(document, script, alreadyOpen: true, cancellationToken);
        }

        var summary = CpuLaptopSummary.Of(typing);
        context.Logger.LogInformation(
            "CPU laptop: typing latency median {Median}, p95 {P95}; median evaluated tokens per keystroke {Keystroke}",
            BenchSettings.Ms(summary.MedianLatencyMs), BenchSettings.Ms(summary.P95LatencyMs), summary.Keystroke.Median);
        var documentTokens = tokenizer.CountTokens(document);
        return new BenchSectionResult(
            Name,
            CpuLaptopTargets.For(Name, layers, afterWait, summary),
            Figures(layers, documentTokens, script.Count, plan, rightAway, afterWait, summary),
            [new BenchSeries("cpu-typing-latency", "time to answer", [.. typing.Where(r => r.Server?.Outcome == "generated").Select(r => r.TimeToSuggestionMs)], "ms")],
            new JsonObject
            {
                ["layers"] = layers,
                ["documentTokens"] = documentTokens,
                ["actions"] = script.Count,
                ["openWaitSeconds"] = plan.OpenWait.TotalSeconds,
                ["settings"] = settings.DeepClone(),
                ["firstSuggestionRightAway"] = rightAway.ToJson(),
                ["firstSuggestionAfterOpenWait"] = afterWait.ToJson(),
                ["typing"] = summary.ToJson(),
                ["requests"] = TypingSessionSection.RecordsJson(typing),
            });
    }

    /// <summary>
    /// The default settings but the thread count: a CPU laptop runs what the server ships with. The log stays at
    /// warnings so the server's stderr does not cost time.
    /// </summary>
    private static JsonObject Settings(BenchContext context) => new()
    {
        ["threads"] = context.Threads,
        ["logLevel"] = "warning",
    };

    /// <summary>
    /// Keeps the document open for the plan's wait, as a user reading it; ends early once no thread of the server has
    /// been busy for the plan's quiet window and it is ready (any background work is done, so waiting longer changes
    /// nothing). True when it ended early.
    /// </summary>
    private static async Task<bool> WaitOpenAsync(BenchLanguageClient client, CpuLaptopPlan plan, Stopwatch opened, CancellationToken cancellationToken)
    {
        var quiet = new ServerQuiet(plan.QuietWindow);
        while (opened.Elapsed < plan.OpenWait)
        {
            // Where thread states cannot be read the wait runs its full length.
            quiet.Add(opened.Elapsed, ProcessThreadStates.BusyThreads(client.ProcessId) ?? 1);
            if (quiet.IsQuiet && await client.GetStateAsync(cancellationToken) == "ready")
            {
                return true;
            }

            var left = plan.OpenWait - opened.Elapsed;
            await Task.Delay(TimeSpan.FromTicks(Math.Clamp(left.Ticks, 0, QuietPoll.Ticks)), cancellationToken);
        }

        return false;
    }

    /// <summary>One automatic request at the end of the document, as a writer continuing it, with the server's figures.</summary>
    private static async Task<FirstSuggestion> AskFirstAsync(
        BenchLanguageClient client, string document, double openForMs, bool endedQuiet, CancellationToken cancellationToken)
    {
        var statsBefore = client.Stats.Count;
        var position = PositionAt(document, BenchDocument.ParagraphEnds(document)[^1]);
        var clock = Stopwatch.StartNew();
        var items = await client.InlineCompletionAsync(DocumentUri, position, invoked: false, cancellationToken);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await client.WaitForStatsAsync(statsBefore + 1, cancellationToken);
        return new FirstSuggestion(openForMs, endedQuiet, elapsed, items.Count, client.Stats[statsBefore]);
    }

    private static Position PositionAt(string text, int offset)
    {
        var lineStart = offset == 0 ? 0 : text.LastIndexOf('\n', offset - 1) + 1;
        return new Position(text[..lineStart].Count(c => c == '\n'), offset - lineStart);
    }

    private static int Layers(GgufFile model) =>
        model.Architecture is { } architecture && model.TryGetUInt32($"{architecture}.block_count", out var count) ? (int)count : 0;

    private static Dictionary<string, string> Figures(
        int layers, int documentTokens, int actions, CpuLaptopPlan plan, FirstSuggestion rightAway, FirstSuggestion afterWait, CpuLaptopSummary typing)
    {
        var figures = new Dictionary<string, string>
        {
            ["document"] = FormattableString.Invariant($"{documentTokens} tokens, suggestions asked for at its end, then {actions} actions of typing"),
            ["settings"] = "defaults (" + string.Join(", ", new[] { "maxTokens", "promptTokenBudget", "latencyBudgetMs", "backgroundPrefill" }.Select(DefaultOf)) + ")",
            ["first suggestion right after opening"] = $"{rightAway.Describe()}, before {CpuLaptopTargets.FirstSuggestionBeforeSeconds:F0} s",
            [FormattableString.Invariant($"first suggestion after {afterWait.OpenForMs / 1000:F0} s open")] =
                $"{afterWait.Describe()}, before {CpuLaptopTargets.FirstSuggestionBeforeSeconds:F0} s; " +
                (afterWait.EndedQuiet ? "the wait ended early: the server was quiet" : FormattableString.Invariant($"the full wait of {plan.OpenWait.TotalSeconds:F0} s")),
            ["typing latency p50 / p95"] = FormattableString.Invariant(
                $"{typing.MedianLatencyMs / 1000:F2} s / {typing.P95LatencyMs / 1000:F2} s over {typing.Generated} requests that ran the model, before {CpuLaptopTargets.NextSuggestionBeforeSeconds:F1} s for the next suggestion with maxTokens 8"),
            ["requests / ran the model / answered with a suggestion"] = $"{typing.Requests} / {typing.Generated} / {typing.Answered}",
            ["evaluated prompt tokens per keystroke (median / p95)"] = Tokens(typing.Keystroke),
            ["per move to another paragraph"] = Tokens(typing.ParagraphMove),
            ["per move within a paragraph"] = Tokens(typing.MoveWithinParagraph),
        };
        if (layers != CpuLaptopTargets.TargetLayers)
        {
            figures["targets"] = $"none on a {layers}-layer model (they are stated for the {CpuLaptopTargets.TargetLayers}-layer ChatGLM3-6B shape)";
        }

        return figures;
    }

    private static string Tokens(EvaluatedTokenFigures figures) =>
        figures.Requests == 0 ? "n/a" : FormattableString.Invariant($"{figures.Median:F0} / {figures.P95:F0} over {figures.Requests}");

    private static string DefaultOf(string key) =>
        SettingsCatalog.Find(key) is { } setting ? $"{key} {setting.Default.ToJsonString()}" : $"{key} n/a";
}
