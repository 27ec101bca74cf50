using System.Text.Json.Nodes;
using Glm.Lsp.Protocol;

namespace Glm.Tools.Bench.Server;

/// <summary>The first automatic suggestion asked for in a freshly opened document.</summary>
/// <param name="OpenForMs">How long the document had been open when it was asked for.</param>
/// <param name="EndedQuiet">True when the open wait ended early because the server had gone quiet; false when it ran
/// its full length (or there was none).</param>
/// <param name="TimeToSuggestionMs">From sending the request to its answer, at the client.</param>
/// <param name="Items">Items in the answer.</param>
/// <param name="Server">The server's figures for the request (glm/requestStats).</param>
public sealed record FirstSuggestion(double OpenForMs, bool EndedQuiet, double TimeToSuggestionMs, int Items, RequestStatsParams? Server)
{
    /// <summary>"12.3 s; evaluated 1024 of 1040 prompt tokens, 8 generated, first token at 11.9 s".</summary>
    public string Describe()
    {
        var answer = FormattableString.Invariant($"{TimeToSuggestionMs / 1000:F1} s");
        return Server is { } s
            ? FormattableString.Invariant($"{answer} ({s.Outcome}, {Items} item(s); evaluated {s.EvaluatedPromptTokens} of {s.PromptTokens} prompt tokens, {s.GeneratedTokens} generated{(s.TimeToFirstTokenMs is { } ttft ? $", first token at {ttft / 1000:F1} s" : "")})")
            : $"{answer} (no request stats)";
    }

    public JsonObject ToJson() => new()
    {
        ["openForMs"] = BenchSettings.Number(OpenForMs),
        ["openWaitEndedQuiet"] = EndedQuiet,
        ["timeToSuggestionMs"] = BenchSettings.Number(TimeToSuggestionMs),
        ["items"] = Items,
        ["outcome"] = Server?.Outcome,
        ["promptTokens"] = Server?.PromptTokens,
        ["evaluatedPromptTokens"] = Server?.EvaluatedPromptTokens,
        ["generatedTokens"] = Server?.GeneratedTokens,
        ["timeToFirstTokenMs"] = Server?.TimeToFirstTokenMs is { } ttft ? BenchSettings.Number(ttft) : null,
    };
}
