using Glm.Lsp.Models;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Handlers.Status;

/// <summary>The model host's <see cref="ModelStatus"/> in the words of the protocol (<see cref="GlmStatus"/>).</summary>
internal static class GlmStatusConversion
{
    public static GlmStatus ToProtocol(ModelStatus status) => status.State switch
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
            LastFailure: status.LastFailure),
    };
}
