using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Glm.Inference.Generation;
using Glm.Lsp.Rewrite;
using Glm.Lsp.Settings;

namespace Glm.Tools.Bench;

/// <summary>
/// A rewrite of a real English paragraph through the server's rewrite path (<see cref="TextTransformer"/>: the chat
/// prompt with the selection, chunking, answer cleaning) on the bench's engine, with speculative decoding on — prompt
/// lookup drafts from the selection and the answer so far — and off. A figure, not a target: a model with random weights
/// does not copy its selection, so its drafts are rarely right; a real model's rewrite is where they are.
/// </summary>
internal static class SpeculativeRewriteFigure
{
    /// <summary>
    /// The opening of Thoreau's <i>Walden</i> (1854), with a slip for the grammar fix to correct: one prompt and an answer
    /// of at most twice its tokens, which a model with random weights fills to the end.
    /// </summary>
    public const string Paragraph =
        "When I wrote the following pages, or rather the bulk of them, I lived alone, in the woods, a mile from any " +
        "neighbor, in a house which I had built myself, on the shore of Walden Pond, in Concord, Massachusetts, and earned " +
        "my living by the labor of my hands only. I lived there two years and two month. At present I am a sojourner in " +
        "civilized life again.";

    private const string Style = "fixGrammar";

    /// <summary>Rewrites the paragraph <paramref name="pairs"/> times each way, in the order off, on, on, off, … so a
    /// drift in machine load falls on both.</summary>
    public static async Task<Result> MeasureAsync(ITextGenerator engine, int pairs, bool smoke, CancellationToken cancellationToken)
    {
        var text = smoke ? Paragraph[..Paragraph.IndexOf('.', StringComparison.Ordinal)] : Paragraph;
        var instruction = RewriteStyle.Find(Style)!.Instruction;
        var runs = new List<Run>();
        for (var i = 0; i < 2 * pairs; i++)
        {
            var speculative = i % 4 is 1 or 2;
            var recorder = new StatsRecorder(engine);
            var settings = SettingsCatalog.Defaults with { Temperature = 0, SpeculativeDecoding = speculative };
            var clock = Stopwatch.StartNew();
            var answer = await TextTransformer.TransformAsync(recorder, settings, instruction, text, null, cancellationToken);
            runs.Add(new Run(speculative, clock.Elapsed, answer, recorder.Completed));
        }

        return new Result(runs);
    }

    internal sealed record Run(bool Speculative, TimeSpan Wall, string Answer, IReadOnlyList<GenerationStats> Generations)
    {
        public int Generated => Generations.Sum(g => g.GeneratedTokens);

        /// <summary>Tokens after each generation's first (which comes from the prompt) per second of generation.</summary>
        public double TokensPerSecond =>
            Generations.Sum(g => Math.Max(0, g.GeneratedTokens - 1)) / Math.Max(1e-9, Generations.Sum(g => g.GenerationTime.TotalSeconds));
    }

    internal sealed record Result(IReadOnlyList<Run> Runs)
    {
        private IEnumerable<Run> On => Runs.Where(r => r.Speculative);

        private IEnumerable<Run> Off => Runs.Where(r => !r.Speculative);

        public double SpeedUp => BenchMath.Median(On.Select(r => r.TokensPerSecond)) / BenchMath.Median(Off.Select(r => r.TokensPerSecond));

        public IReadOnlyDictionary<string, string> Figures()
        {
            var drafted = On.Sum(r => r.Generations.Sum(g => g.DraftedTokens));
            var accepted = On.Sum(r => r.Generations.Sum(g => g.AcceptedDraftTokens));
            var steps = On.Sum(r => r.Generations.Sum(g => g.VerifySteps));
            var same = Runs.Select(r => r.Answer).Distinct(StringComparer.Ordinal).Count() == 1;
            return new Dictionary<string, string>
            {
                ["rewrite of a real paragraph (Walden, \"" + Style + "\", random weights), generation tokens/s with ÷ without speculative decoding"] =
                    Invariant($"{SpeedUp:F2}× ({BenchMath.Median(On.Select(r => r.TokensPerSecond)):F1} vs {BenchMath.Median(Off.Select(r => r.TokensPerSecond)):F1} tok/s, {BenchMath.Median(Runs.Select(r => (double)r.Generated)):F0} tokens, median of {On.Count()} runs each way)"),
                ["rewrite: drafted, accepted tokens, verify steps over the runs with drafts"] =
                    Invariant($"{drafted}, {accepted} ({(drafted == 0 ? 0 : (double)accepted / drafted):P0} of drafted), {steps}"),
                ["rewrite: whole call with / without, s; same answer every run"] =
                    Invariant($"{BenchMath.Median(On.Select(r => r.Wall.TotalSeconds)):F2} / {BenchMath.Median(Off.Select(r => r.Wall.TotalSeconds)):F2}; {(same ? "yes" : "no")}"),
            };
        }

        public JsonObject ToJson() => new()
        {
            ["style"] = Style,
            ["runs"] = new JsonArray([.. Runs.Select(r => (JsonNode)new JsonObject
            {
                ["speculative"] = r.Speculative,
                ["wallMs"] = Math.Round(r.Wall.TotalMilliseconds, 1),
                ["generatedTokens"] = r.Generated,
                ["tokensPerSecond"] = Math.Round(r.TokensPerSecond, 3),
                ["draftedTokens"] = r.Generations.Sum(g => g.DraftedTokens),
                ["acceptedDraftTokens"] = r.Generations.Sum(g => g.AcceptedDraftTokens),
                ["verifySteps"] = r.Generations.Sum(g => g.VerifySteps),
            })]),
        };

        private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Passes requests to the engine and keeps each generation's statistics (the rewrite path returns text only).</summary>
    private sealed class StatsRecorder(ITextGenerator inner) : ITextGenerator
    {
        public List<GenerationStats> Completed { get; } = [];

        public ModelDescription Model => inner.Model;

        public async IAsyncEnumerable<GenerationChunk> GenerateAsync(
            GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await foreach (var chunk in inner.GenerateAsync(request, cancellationToken))
            {
                if (chunk.Completed is { } stats)
                {
                    Completed.Add(stats);
                }

                yield return chunk;
            }
        }

        public int CountTokens(string text) => inner.CountTokens(text);

        /// <summary>The engine belongs to the section that lent it.</summary>
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
