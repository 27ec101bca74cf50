namespace Glm.Lsp.Protocol;

/// <summary>
/// The glm/status notification (server → client, docs/lsp-extensions.md): what the model is doing, for a status bar.
/// State is "idle" (no model configured), "loading" (with <see cref="Percent"/>), "ready", "generating" or "error"
/// (with <see cref="Message"/> and the <see cref="Setting"/> that fixes it).
/// </summary>
public sealed record GlmStatusParams(
    string State,
    int? Percent = null,
    string? Model = null,
    string? Backend = null,
    string? Message = null,
    string? Setting = null,
    double? LastTokensPerSecond = null)
{
    public static GlmStatusParams Idle(string message) => new("idle", Message: message, Setting: "glm.modelPath");

    public static GlmStatusParams Loading(int percent) => new("loading", Percent: percent);

    public static GlmStatusParams Error(string message, string setting) => new("error", Message: message, Setting: setting);
}
