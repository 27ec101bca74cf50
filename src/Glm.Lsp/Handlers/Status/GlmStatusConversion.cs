using Glm.Lsp.Completion;
using Glm.Lsp.Models;
using Glm.Lsp.Protocol;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Handlers.Status;

/// <summary>The model host's <see cref="ModelStatus"/> in the words of the protocol (<see cref="GlmStatus"/>).</summary>
internal static class GlmStatusConversion
{
    /// <param name="status">The host's status.</param>
    /// <param name="settings">The current settings: what the measured speeds imply depends on the latency budget.</param>
    public static GlmStatus ToProtocol(ModelStatus status, GlmSettings settings) => status.State switch
    {
        ModelLoadState.NotConfigured => new GlmStatus("idle", Message: status.Message, Setting: status.Setting),
        ModelLoadState.Loading => new GlmStatus("loading", Percent: status.LoadPercent, Message: status.Message),
        ModelLoadState.Failed => new GlmStatus("error", Message: status.Message, Setting: status.Setting),
        _ => new GlmStatus(
            status.Generating ? "generating" : "ready",
            Model: status.Model,
            Backend: status.Backend,
            ContextLength: status.ContextLength,
            Message: status.Message,
            LastTokensPerSecond: status.LastTokensPerSecond is { } speed ? Math.Round(speed, 1) : null,
            LastFailure: status.LastFailure,
            PromptTokensPerSecond: status.Speeds is { } speeds ? Math.Round(speeds.PromptTokensPerSecond, 1) : null,
            GenerationTokensPerSecond: status.Speeds is { } measured ? Math.Round(measured.GeneratedTokensPerSecond, 1) : null,
            TokensPerSuggestion: SuggestionBudget.TokensPerSuggestion(settings, status.Speeds)),
    };
}
