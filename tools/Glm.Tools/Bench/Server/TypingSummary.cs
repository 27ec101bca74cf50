using System.Text.Json.Nodes;

namespace Glm.Tools.Bench.Server;

/// <summary>The figures of one typing session (one mode): what the targets are checked against.</summary>
public sealed record TypingSummary(
    int Requests,
    int Generated,
    double MedianEvaluatedTokens,
    double P95EvaluatedTokens,
    double MedianChangedTokens,
    double MedianExcessTokens,
    double MedianTimeToFirstTokenMs,
    double P95TimeToFirstTokenMs,
    double MedianTimeToSuggestionMs,
    double P95TimeToSuggestionMs,
    int StaleAnswers,
    int AnswersOvertakenInFlight,
    IReadOnlyDictionary<string, int> Outcomes)
{
    /// <summary>
    /// Requests that ran the model ("generated") give the token and first-token figures; requests answered with a
    /// suggestion (generated or typed through) give the time to suggestion. Stale: a non-empty answer for a version older
    /// than the newest one the server had when it answered. Overtaken in flight: a non-empty answer that reached the
    /// client after it had sent a newer version (the race no server can prevent; the editor drops those).
    /// </summary>
    public static TypingSummary Of(IReadOnlyList<TypingRequestRecord> records)
    {
        var generated = records.Where(r => r.Server?.Outcome == "generated").ToList();
        var answered = records.Where(r => r.Items > 0).ToList();
        var firstTokens = generated.Where(r => r.Server!.TimeToFirstTokenMs is not null).Select(r => r.Server!.TimeToFirstTokenMs!.Value).ToList();
        return new TypingSummary(
            records.Count,
            generated.Count,
            Percentiles.Median(generated.Select(r => (double)r.Server!.EvaluatedPromptTokens)),
            Percentiles.P95(generated.Select(r => (double)r.Server!.EvaluatedPromptTokens)),
            Percentiles.Median(generated.Select(r => (double)r.Server!.ChangedPromptTokens)),
            Percentiles.Median(generated.Select(r => (double)(r.Server!.EvaluatedPromptTokens - r.Server.ChangedPromptTokens))),
            Percentiles.Median(firstTokens),
            Percentiles.P95(firstTokens),
            Percentiles.Median(answered.Select(r => r.TimeToSuggestionMs)),
            Percentiles.P95(answered.Select(r => r.TimeToSuggestionMs)),
            records.Count(r => r.Items > 0 && r.Server is { } s && s.Version < s.NewestVersion),
            records.Count(r => r.Items > 0 && r.Version < r.ClientNewestVersionAtAnswer),
            records.GroupBy(r => r.Server?.Outcome ?? "no stats").ToDictionary(g => g.Key, g => g.Count()));
    }

    public JsonObject ToJson()
    {
        var outcomes = new JsonObject();
        foreach (var (outcome, count) in Outcomes)
        {
            outcomes[outcome] = count;
        }

        return new JsonObject
        {
            ["requests"] = Requests,
            ["generated"] = Generated,
            ["medianEvaluatedTokens"] = BenchSettings.Number(MedianEvaluatedTokens),
            ["p95EvaluatedTokens"] = BenchSettings.Number(P95EvaluatedTokens),
            ["medianChangedTokens"] = BenchSettings.Number(MedianChangedTokens),
            ["medianExcessTokens"] = BenchSettings.Number(MedianExcessTokens),
            ["medianTimeToFirstTokenMs"] = BenchSettings.Number(MedianTimeToFirstTokenMs),
            ["p95TimeToFirstTokenMs"] = BenchSettings.Number(P95TimeToFirstTokenMs),
            ["medianTimeToSuggestionMs"] = BenchSettings.Number(MedianTimeToSuggestionMs),
            ["p95TimeToSuggestionMs"] = BenchSettings.Number(P95TimeToSuggestionMs),
            ["staleAnswers"] = StaleAnswers,
            ["answersOvertakenInFlight"] = AnswersOvertakenInFlight,
            ["outcomes"] = outcomes,
        };
    }
}
