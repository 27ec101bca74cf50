namespace Glm.Lsp.Server;

/// <summary>
/// Benchmark and diagnostic switches, set by hidden command-line options of the server (<c>--no-prompt-reuse</c>,
/// <c>--request-stats</c>). They exist so <c>glm-lsp bench</c> can measure the real server against a baseline in the
/// same run; an editor never sets them.
/// </summary>
/// <param name="PromptReuse">False evaluates every prompt in full (the engine clears its slot before each request) and
/// turns off the typing-through cache: the "reuse disabled" baseline of the typing benchmark.</param>
/// <param name="RequestStats">True sends a <c>glm/requestStats</c> notification after every inline completion.</param>
/// <param name="PartialResultSpacing">
/// Test-only (<see cref="PartialResultSpacingVariable"/>): the least time between two partial results of a rewrite. The
/// predictable test model answers within one frame of the editor, which then may render only the final text; the VS Code
/// end-to-end test spaces them so it can see the preview stream.
/// </param>
public sealed record ServerDiagnostics(bool PromptReuse = true, bool RequestStats = false, TimeSpan PartialResultSpacing = default)
{
    public const string PartialResultSpacingVariable = "GLM_LSP_TEST_PARTIAL_RESULT_SPACING_MS";

    public static ServerDiagnostics Normal { get; } = new();

    /// <summary>The spacing <see cref="PartialResultSpacingVariable"/> asks for; zero when unset or not a positive number.</summary>
    public static TimeSpan PartialResultSpacingFromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(PartialResultSpacingVariable), out var milliseconds) && milliseconds > 0
            ? TimeSpan.FromMilliseconds(milliseconds)
            : TimeSpan.Zero;
}
