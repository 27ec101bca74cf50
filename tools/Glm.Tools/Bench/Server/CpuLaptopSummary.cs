using System.Text.Json.Nodes;

namespace Glm.Tools.Bench.Server;

/// <summary>Prompt tokens the model evaluated for one kind of action, over the requests of that kind that ran the model.</summary>
public sealed record EvaluatedTokenFigures(int Requests, double Median, double P95)
{
    public static EvaluatedTokenFigures Of(IEnumerable<TypingRequestRecord> generated)
    {
        var tokens = generated.Select(r => (double)r.Server!.EvaluatedPromptTokens).ToList();
        return new EvaluatedTokenFigures(tokens.Count, Percentiles.Median(tokens), Percentiles.P95(tokens));
    }

    public JsonObject ToJson() => new()
    {
        ["requests"] = Requests,
        ["median"] = BenchSettings.Number(Median),
        ["p95"] = BenchSettings.Number(P95),
    };
}

/// <summary>
/// The typing session of the CPU laptop section: how long automatic suggestions took and what each kind of action
/// cost the model.
/// </summary>
/// <param name="Requests">Automatic requests sent.</param>
/// <param name="Generated">Requests that ran the model (outcome "generated"); the latency figures are over these.</param>
/// <param name="Answered">Requests answered with a suggestion (generated or typed through).</param>
/// <param name="MedianLatencyMs">Median time from sending a request to its answer, at the client.</param>
/// <param name="P95LatencyMs">95th percentile of the same.</param>
/// <param name="Keystroke">Per edit: a typed or deleted character, or an accepted suggestion.</param>
/// <param name="ParagraphMove">Per move of the cursor to another paragraph.</param>
/// <param name="MoveWithinParagraph">Per move of the cursor a couple of words back in its paragraph.</param>
public sealed record CpuLaptopSummary(
    int Requests,
    int Generated,
    int Answered,
    double MedianLatencyMs,
    double P95LatencyMs,
    EvaluatedTokenFigures Keystroke,
    EvaluatedTokenFigures ParagraphMove,
    EvaluatedTokenFigures MoveWithinParagraph)
{
    private static readonly string[] EditActions = ["type", "delete", "typeThrough", "accept"];

    public static CpuLaptopSummary Of(IReadOnlyList<TypingRequestRecord> records)
    {
        var generated = records.Where(r => r.Server?.Outcome == "generated").ToList();
        var latencies = generated.Select(r => r.TimeToSuggestionMs).ToList();
        return new CpuLaptopSummary(
            records.Count,
            generated.Count,
            records.Count(r => r.Items > 0),
            Percentiles.Median(latencies),
            Percentiles.P95(latencies),
            EvaluatedTokenFigures.Of(generated.Where(r => EditActions.Contains(r.Action))),
            EvaluatedTokenFigures.Of(generated.Where(r => r.Action == "move")),
            EvaluatedTokenFigures.Of(generated.Where(r => r.Action == "left")));
    }

    public JsonObject ToJson() => new()
    {
        ["requests"] = Requests,
        ["generated"] = Generated,
        ["answered"] = Answered,
        ["medianLatencyMs"] = BenchSettings.Number(MedianLatencyMs),
        ["p95LatencyMs"] = BenchSettings.Number(P95LatencyMs),
        ["evaluatedPerKeystroke"] = Keystroke.ToJson(),
        ["evaluatedPerParagraphMove"] = ParagraphMove.ToJson(),
        ["evaluatedPerMoveWithinParagraph"] = MoveWithinParagraph.ToJson(),
    };
}
