using System.Text.Json;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Client;

/// <summary>Messages the server sends to the editor. Behind an interface so features do not depend on JSON-RPC.</summary>
public interface ILanguageClient
{
    ClientCapabilities Capabilities { get; }

    Task ShowMessageAsync(MessageType type, string message, CancellationToken cancellationToken);

    /// <summary>Asks the client to create a work-done progress token (window/workDoneProgress/create); false when the
    /// client does not support it or refused, in which case no $/progress may be sent for that token.</summary>
    Task<bool> CreateWorkDoneProgressAsync(JsonElement token, CancellationToken cancellationToken);

    Task SendProgressAsync(JsonElement token, object value, CancellationToken cancellationToken);

    /// <summary>The glm/status notification: what the model is doing, for the editor's status bar.</summary>
    Task SendStatusAsync(GlmStatus status, CancellationToken cancellationToken);

    /// <summary>workspace/configuration for section "glm"; null when the client does not support it or failed.</summary>
    Task<JsonElement?> GetConfigurationAsync(CancellationToken cancellationToken);
}
