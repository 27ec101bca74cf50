using Glm.Lsp.Completion;
using Glm.Lsp.Protocol;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>glm/didFocus: which document the user looks at, for the background prefill.</summary>
internal sealed class FocusHandler(BackgroundPrefill prefill)
{
    /// <remarks>docs/lsp-extensions.md#glmdidfocus-notification</remarks>
    [JsonRpcMethod(ServerCommands.DidFocusNotification, UseSingleObjectParameterDeserialization = true)]
    public void DidFocus(DidFocusParams parameters) =>
        prefill.Focused(parameters.TextDocument.Uri, parameters.Position?.ToLinePosition(), parameters.VisibleRange?.ToLineRange());
}
