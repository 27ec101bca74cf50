using System.Text.Json.Serialization;

namespace Glm.Lsp.Protocol;

/// <summary>
/// <c>glm/requestStats</c> (server → client notification, only with the <c>request-stats</c> diagnostic switch): what one
/// inline completion request cost. Documented in docs/lsp-extensions.md.
/// </summary>
/// <param name="Method">The request's method, <c>textDocument/inlineCompletion</c>.</param>
/// <param name="Uri">Document of the request.</param>
/// <param name="Version">Document version the request was served from (the snapshot current when it arrived).</param>
/// <param name="NewestVersion">The newest version the server knew when it answered; a non-empty answer with a lower
/// <paramref name="Version"/> would be stale.</param>
/// <param name="Position">Cursor position of the request.</param>
/// <param name="Outcome">"generated", "typingThrough", "skipped", "superseded", "stale", "cancelled" or "failed".</param>
/// <param name="Items">Items in the answer.</param>
/// <param name="PromptTokens">Prompt tokens over all generations of the request.</param>
/// <param name="EvaluatedPromptTokens">Prompt tokens the model evaluated (not reused from its KV cache).</param>
/// <param name="ChangedPromptTokens">Prompt tokens after the longest common prefix with the previous request's prompt.</param>
/// <param name="GeneratedTokens">Tokens sampled.</param>
/// <param name="TimeToFirstTokenMs">From arrival at the server to the first sampled token; null without one.</param>
/// <param name="TotalMs">From arrival to the answer.</param>
/// <param name="PromptMs">Prompt evaluation time in the engine.</param>
/// <param name="GenerationMs">Token generation time in the engine.</param>
/// <param name="ModelFreedAtMs">When the model stopped working on the request: Stopwatch timestamp in milliseconds
/// (CLOCK_MONOTONIC on Linux, comparable between processes of one machine); null when no generation ran.</param>
public sealed record RequestStatsParams(
    string Method,
    string Uri,
    int Version,
    int NewestVersion,
    Position Position,
    string Outcome,
    int Items,
    int PromptTokens,
    int EvaluatedPromptTokens,
    int ChangedPromptTokens,
    int GeneratedTokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TimeToFirstTokenMs,
    double TotalMs,
    double PromptMs,
    double GenerationMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ModelFreedAtMs)
{
    /// <summary>Tokens guessed by speculative decoding and sent to verification, over all generations of the request.</summary>
    public int DraftedTokens { get; init; }

    /// <summary>Guessed tokens the model agreed with.</summary>
    public int AcceptedDraftTokens { get; init; }

    /// <summary>Decode calls that verified a draft.</summary>
    public int VerifySteps { get; init; }
}
