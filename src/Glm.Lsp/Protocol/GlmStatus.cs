namespace Glm.Lsp.Protocol;

/// <summary>
/// What the model is doing, for a status bar (docs/lsp-extensions.md): the params of the glm/status notification and
/// the result of the glm/getStatus request, one shape for both. State is "idle" (no model configured, with
/// <see cref="Message"/> and <see cref="Setting"/>), "loading" (with <see cref="Percent"/>), "ready", "generating" or
/// "error" (with <see cref="Message"/> and the <see cref="Setting"/> that fixes it).
/// </summary>
/// <param name="State">"idle", "loading", "ready", "generating" or "error".</param>
/// <param name="Percent">Load progress 0 to 100 while loading.</param>
/// <param name="Model">The loaded model's name (ready, generating).</param>
/// <param name="Backend">Where it runs: the engine's description, or "remote &lt;endpoint&gt; &lt;model&gt;".</param>
/// <param name="ContextLength">The loaded model's context length in tokens.</param>
/// <param name="Message">Why there is no model (idle, error), why it reloads (loading), or a notice about the loaded file.</param>
/// <param name="Setting">The setting that fixes the problem in <see cref="Message"/> (idle, error).</param>
/// <param name="LastTokensPerSecond">Speed of the last finished generation, one decimal.</param>
/// <param name="LastFailure">The message of the last failed generation; absent after a success.</param>
/// <param name="PromptTokensPerSecond">Measured prompt evaluation speed of the local model, one decimal.</param>
/// <param name="GenerationTokensPerSecond">Measured generation speed of the local model over recent requests, one decimal.</param>
/// <param name="TokensPerSuggestion">About how many tokens an automatic suggestion generates within glm.latencyBudgetMs
/// at the measured speeds; absent without a budget or before the speeds are measured.</param>
public sealed record GlmStatus(
    string State,
    int? Percent = null,
    string? Model = null,
    string? Backend = null,
    int? ContextLength = null,
    string? Message = null,
    string? Setting = null,
    double? LastTokensPerSecond = null,
    string? LastFailure = null,
    double? PromptTokensPerSecond = null,
    double? GenerationTokensPerSecond = null,
    int? TokensPerSuggestion = null)
{
    public static GlmStatus Loading(int percent) => new("loading", Percent: percent);
}
