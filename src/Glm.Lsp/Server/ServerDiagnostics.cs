namespace Glm.Lsp.Server;

/// <summary>
/// Benchmark and diagnostic switches, set by hidden command-line options of the server (<c>--no-prompt-reuse</c>,
/// <c>--request-stats</c>). They exist so <c>glm-lsp bench</c> can measure the real server against a baseline in the
/// same run; an editor never sets them.
/// </summary>
/// <param name="PromptReuse">False evaluates every prompt in full (the engine clears its slot before each request) and
/// turns off the typing-through cache: the "reuse disabled" baseline of the typing benchmark.</param>
/// <param name="RequestStats">True sends a <c>glm/requestStats</c> notification after every inline completion.</param>
public sealed record ServerDiagnostics(bool PromptReuse = true, bool RequestStats = false)
{
    public static ServerDiagnostics Normal { get; } = new();
}
