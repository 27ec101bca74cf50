using System.Globalization;
using System.Text.Json.Nodes;
using Glm.Inference.Engine;
using Glm.Inference.Generation;
using Microsoft.Extensions.Logging;

namespace Glm.Tools.Bench;

/// <summary>
/// Issue #17: speculative decoding against plain greedy decoding through the engine, same model, same round. Random
/// weights never repeat their prompt, so the drafts are scripted from a greedy run of the same prompt (an oracle): right
/// at every position, wrong at fixed pseudo-random positions (about half), or never. Also the cost of one verification
/// step for every batch size, how the time splits between decode calls and the rest, how often the speculative output
/// agrees with the plain one (batched and single-token kernels may round differently), and a rewrite through the
/// rewrite path with the engine's own prompt-lookup drafts (<see cref="SpeculativeRewriteFigure"/>).
/// </summary>
internal sealed class SpeculativeDecodingSection : IBenchmarkSection
{
    public const string SectionName = "Speculative decoding";
    public const double FullAcceptanceTarget = 2.5;
    public const double HalfAcceptanceTarget = 1.4;
    public const double NoAcceptanceTarget = 0.95;
    public const double AgreementTarget = 0.99;

    /// <summary>
    /// Share of output positions where the "about half" oracle drafts a wrong token (fixed pseudo-random positions): a
    /// draft then runs right for about six tokens, so about half of the drafted tokens are accepted.
    /// </summary>
    private const double WrongShareForHalf = 0.15;

    private const int GeneratedTokens = 128;

    /// <summary>Every batch size a verification can have (the emitted token and up to 15 drafted ones).</summary>
    private static readonly int[] VerifyBatchSizes = [.. Enumerable.Range(1, DraftLengthPolicy.LongestDraft + 1)];

    /// <summary>The batch sizes the issue reports as a line of the table.</summary>
    private static readonly int[] ReportedBatchSizes = [1, 2, 4, 8, 16];

    public string Name => SectionName;

    public async Task<BenchSectionResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var plan = BenchPlan.For(context);
        // Long enough for the draft length to climb its ladder and for a pause to pay off, as in a rewrite.
        var generatedTokens = context.Smoke ? 8 : GeneratedTokens;
        // Five runs per round (one records the oracle's script): fewer rounds than the plan keep the section to minutes.
        var roundCount = context.Rounds ?? Math.Min(plan.Rounds, 5);
        var oracle = new OracleSwitch();
        var options = context.EngineOptions() with { DrafterFactory = oracle.Create };
        using var bare = await BareLlamaLoop.LoadAsync(options, cancellationToken);
        await using var engine = await LlamaEngine.LoadAsync(options, null, null, cancellationToken);

        var rounds = new List<Round>();
        // Round 0 warms up (first decodes, first batches of each size) and is not counted.
        for (var round = 0; round <= roundCount; round++)
        {
            var text = BenchPrompts.ForRound(2000 + round, plan.PromptTokens, bare.Tokenize);
            // The greedy output's own tokens, recorded by a drafter that never guesses (so the run takes the plain path).
            var recorder = new OracleDrafter([], _ => true);
            oracle.Next = recorder;
            await RunAsync(engine, text, generatedTokens, speculative: true, cancellationToken);
            var script = recorder.Emitted.ToArray();

            var runs = new Dictionary<string, GenerationStats>();
            var drafters = new Dictionary<string, OracleDrafter>();
            var agreeing = 0;
            var order = new[] { "plain", "all", "half", "none" };
            // Rotating the order spreads a drift in machine load over all four.
            foreach (var kind in order.Skip(round % order.Length).Concat(order.Take(round % order.Length)))
            {
                var drafter = kind switch
                {
                    "all" => new OracleDrafter(script, _ => false),
                    "half" => new OracleDrafter(script, WrongPositions(script.Length, round)),
                    "none" => new OracleDrafter(script, _ => true),
                    _ => null,
                };
                oracle.Next = drafter;
                if (drafter is not null)
                {
                    drafters[kind] = drafter;
                }

                runs[kind] = await RunAsync(engine, text, generatedTokens, speculative: drafter is not null, cancellationToken);
                if (kind == "all")
                {
                    agreeing = Agreement(script, drafter!.Emitted);
                }
            }

            var prompt = bare.Tokenize(text);
            var verifyMs = VerifyBatchSizes.Select(b => bare.TimeVerifyStep(prompt, b, context.Smoke ? 1 : 3, cancellationToken).TotalMilliseconds).ToArray();
            var current = new Round(runs["plain"], runs["all"], runs["half"], runs["none"], script.Length, agreeing, verifyMs)
            {
                Predicted = [.. new[] { "all", "half", "none" }.Select(kind => PredictedSpeedUp(runs[kind], drafters[kind].Requested, verifyMs))],
            };
            context.Logger.LogInformation(
                "Speculative decoding round {Round}: plain {Plain:F2} tok/s; oracle drafts right always {All:F2}, about half {Half:F2}, never {None:F2} tok/s; verify step ms by batch 1..16: {Verify}",
                round, Speed(current.Plain), Speed(current.All), Speed(current.Half), Speed(current.None),
                string.Join("/", verifyMs.Select(v => v.ToString("F1", CultureInfo.InvariantCulture))));
            if (round > 0)
            {
                rounds.Add(current);
            }
        }

        // The prompt-lookup drafter of a real request, on the same engine, for the rewrite figure.
        oracle.Next = null;
        var rewrite = await SpeculativeRewriteFigure.MeasureAsync(engine, context.Smoke ? 1 : 2, context.Smoke, cancellationToken);
        context.Logger.LogInformation("Speculative decoding, rewrite of a real paragraph: {Figures}", string.Join("; ", rewrite.Figures().Values));
        return Summarize(rounds, generatedTokens, rewrite);
    }

    private static async Task<GenerationStats> RunAsync(
        LlamaEngine engine, string text, int maxTokens, bool speculative, CancellationToken cancellationToken)
    {
        var request = new GenerationRequest(new RawPrompt(text), new GenerationOptions { MaxTokens = maxTokens, SpeculativeDecoding = speculative });
        GenerationStats? stats = null;
        await foreach (var chunk in engine.GenerateAsync(request, cancellationToken))
        {
            stats = chunk.Completed ?? stats;
        }

        return stats ?? throw new InvalidOperationException("The engine ended a stream without statistics.");
    }

    private static Func<int, bool> WrongPositions(int length, int seed)
    {
        var random = new Random(seed);
        var wrong = Enumerable.Range(0, length).Select(_ => random.NextDouble() < WrongShareForHalf).ToArray();
        return position => position < wrong.Length && wrong[position];
    }

    /// <summary>Tokens of <paramref name="emitted"/> equal to the plain output at the same position.</summary>
    private static int Agreement(int[] plain, List<int> emitted) => plain.Zip(emitted).Count(p => p.First == p.Second);

    private static double Speed(GenerationStats stats) =>
        stats.GeneratedTokens > 1 ? (stats.GeneratedTokens - 1) / stats.GenerationTime.TotalSeconds : double.NaN;

    private static BenchSectionResult Summarize(List<Round> rounds, int generatedTokens, SpeculativeRewriteFigure.Result rewrite)
    {
        double Ratio(Func<Round, GenerationStats> run) => BenchMath.Median(rounds.Select(r => Speed(run(r)) / Speed(r.Plain)));
        double Acceptance(Func<Round, GenerationStats> run) =>
            (double)rounds.Sum(r => run(r).AcceptedDraftTokens) / Math.Max(1, rounds.Sum(r => run(r).GeneratedTokens));
        var all = Ratio(r => r.All);
        var half = Ratio(r => r.Half);
        var none = Ratio(r => r.None);
        var agreement = (double)rounds.Sum(r => r.AgreeingTokens) / Math.Max(1, rounds.Sum(r => r.ScriptTokens));
        var cost = VerifyBatchSizes.Select((_, i) => BenchMath.Median(rounds.Select(r => r.VerifyMs[i] / r.VerifyMs[0]))).ToArray();
        var perRound = $"median of {rounds.Count} rounds, {generatedTokens} tokens per run";
        string Detail(Func<Round, GenerationStats> run) =>
            $"{Format(BenchMath.Median(rounds.Select(r => Speed(run(r)))))} vs plain {Format(BenchMath.Median(rounds.Select(r => Speed(r.Plain))))} tok/s; {Acceptance(run):P0} of the output from drafts; {perRound}";

        var targets = new List<BenchTarget>
        {
            new(SectionName, "generation tokens/s, drafts always right ÷ plain greedy", all, FullAcceptanceTarget, true, "×", Detail(r => r.All)),
            new(SectionName, "generation tokens/s, about half the drafted tokens right ÷ plain greedy", half, HalfAcceptanceTarget, true, "×", Detail(r => r.Half)),
            new(SectionName, "generation tokens/s, drafts never right ÷ plain greedy", none, NoAcceptanceTarget, true, "×", Detail(r => r.None)),
            new(SectionName, "tokens of the speculative output equal to plain greedy", agreement, AgreementTarget, true, "",
                $"{rounds.Sum(r => r.AgreeingTokens)} of {rounds.Sum(r => r.ScriptTokens)} tokens with always-right drafts (batched against single-token kernels)"),
        };
        var figures = new Dictionary<string, string>
        {
            ["verify step cost by batch size 1/2/4/8/16, in single-token steps"] = string.Join(" / ", ReportedBatchSizes.Select(b => Format(cost[b - 1]))),
            ["verify step cost by batch size 1 to 16 (the engine's default curve in brackets)"] =
                string.Join(" ", cost.Select((c, i) => $"{Format(c)} [{Format(DraftLengthPolicy.CpuVerifyCost[i])}]")),
            ["speed-up the measured verify costs allow for the drafts taken (always, half, never)"] =
                string.Join(", ", Enumerable.Range(0, 3).Select(i => Format(BenchMath.Median(rounds.Select(r => r.Predicted[i]))))),
            ["decode calls only: generation decode time of plain ÷ of drafts (always, half, never)"] =
                $"{Format(DecodeRatio(rounds, r => r.All))}, {Format(DecodeRatio(rounds, r => r.Half))}, {Format(DecodeRatio(rounds, r => r.None))}",
            ["time outside decode calls per generated token, ms (plain, always, half, never)"] =
                string.Join(", ", new Func<Round, GenerationStats>[] { r => r.Plain, r => r.All, r => r.Half, r => r.None }
                    .Select(run => BenchMath.Median(rounds.Select(r => OutsideDecodeMs(run(r)))).ToString("F2", CultureInfo.InvariantCulture))),
            ["verify steps per run (always, half, never)"] =
                $"{BenchMath.Median(rounds.Select(r => (double)r.All.VerifySteps)):F0}, {BenchMath.Median(rounds.Select(r => (double)r.Half.VerifySteps)):F0}, {BenchMath.Median(rounds.Select(r => (double)r.None.VerifySteps)):F0}",
            ["drafted tokens accepted (always, half, never)"] =
                $"{AcceptedShare(rounds, r => r.All):P0}, {AcceptedShare(rounds, r => r.Half):P0}, {AcceptedShare(rounds, r => r.None):P0}",
        };
        foreach (var (name, value) in rewrite.Figures())
        {
            figures[name] = value;
        }

        var series = new List<BenchSeries>
        {
            new(VerifyCostChart, "one batched decode call", cost, "single-token steps"),
            new(VerifyCostChart, "as many single-token steps", [.. VerifyBatchSizes.Select(b => (double)b)], "single-token steps"),
        };
        var details = new JsonObject
        {
            ["generatedTokens"] = generatedTokens,
            ["rewrite"] = rewrite.ToJson(),
            ["verifyBatchSizes"] = new JsonArray([.. VerifyBatchSizes.Select(b => (JsonNode)b)]),
            ["rounds"] = new JsonArray([.. rounds.Select(r => (JsonNode)new JsonObject
            {
                ["plain"] = ToJson(r.Plain),
                ["alwaysRight"] = ToJson(r.All),
                ["halfRight"] = ToJson(r.Half),
                ["neverRight"] = ToJson(r.None),
                ["agreeingTokens"] = r.AgreeingTokens,
                ["scriptTokens"] = r.ScriptTokens,
                ["verifyStepMs"] = new JsonArray([.. r.VerifyMs.Select(v => (JsonNode)Math.Round(v, 3))]),
            })]),
        };
        return new BenchSectionResult(SectionName, targets, figures, series, details);
    }

    /// <summary>File stem of the verify-cost chart.</summary>
    public const string VerifyCostChart = "speculative-verify-cost";

    /// <summary>The speed-up the decode calls alone give: what the verification kernels allow, before any engine overhead.</summary>
    private static double DecodeRatio(List<Round> rounds, Func<Round, GenerationStats> run) =>
        BenchMath.Median(rounds.Select(r => r.Plain.GenerationDecodeTime.TotalMilliseconds / Math.Max(1e-9, run(r).GenerationDecodeTime.TotalMilliseconds)));

    private static double OutsideDecodeMs(GenerationStats stats) =>
        (stats.GenerationTime - stats.GenerationDecodeTime).TotalMilliseconds / Math.Max(1, stats.GeneratedTokens - 1);

    private static double AcceptedShare(List<Round> rounds, Func<Round, GenerationStats> run) =>
        (double)rounds.Sum(r => run(r).AcceptedDraftTokens) / Math.Max(1, rounds.Sum(r => run(r).DraftedTokens));

    private static JsonObject ToJson(GenerationStats stats) => new()
    {
        ["generatedTokens"] = stats.GeneratedTokens,
        ["generationMs"] = Math.Round(stats.GenerationTime.TotalMilliseconds, 2),
        ["generationDecodeMs"] = Math.Round(stats.GenerationDecodeTime.TotalMilliseconds, 2),
        ["tokensPerSecond"] = Math.Round(Speed(stats), 3),
        ["draftedTokens"] = stats.DraftedTokens,
        ["acceptedDraftTokens"] = stats.AcceptedDraftTokens,
        ["verifySteps"] = stats.VerifySteps,
    };

    private static string Format(double value) => EngineOverheadSection.Format(value);

    private sealed record Round(
        GenerationStats Plain, GenerationStats All, GenerationStats Half, GenerationStats None, int ScriptTokens, int AgreeingTokens, double[] VerifyMs)
    {
        /// <summary>What the decode calls of each drafted run (always, half, never) would allow at the measured verify costs.</summary>
        public double[] Predicted { get; init; } = [];
    }

    /// <summary>
    /// The speed-up a run's decode calls allow by the bare loop's verify costs: its tokens after the first over the
    /// single-token steps its verifications (one per requested draft; the oracle always fills it) and plain steps cost.
    /// </summary>
    private static double PredictedSpeedUp(GenerationStats run, List<int> requested, double[] verifyMs)
    {
        var verifyUnits = requested.Sum(length => verifyMs[length] / verifyMs[0]);
        var plainSteps = Math.Max(0, run.GeneratedTokens - 1 - run.AcceptedDraftTokens - requested.Count);
        return (run.GeneratedTokens - 1) / Math.Max(1e-9, verifyUnits + plainSteps);
    }

    /// <summary>Hands the engine's drafter factory the oracle of the next request (the engine runs one request at a time).</summary>
    private sealed class OracleSwitch
    {
        private volatile OracleDrafter? next;

        public OracleDrafter? Next
        {
            set => next = value;
        }

        /// <summary>Without an oracle the engine's own prompt lookup drafts, as in a real request.</summary>
        public ITokenDrafter Create(IReadOnlyCollection<int> prompt) => next ?? (ITokenDrafter)new PromptLookupDrafter(prompt);
    }
}
