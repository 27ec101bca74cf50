using Glm.Lsp.Client;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Handlers;

/// <summary>What the server announces in its initialize result.</summary>
internal static class ServerCapabilitiesFactory
{
    /// <summary>Incremental sync (2). textDocument/completion is offered only to clients without inline completion,
    /// so editors that have both do not show the same suggestion twice.</summary>
    public static ServerCapabilities Create(ClientCapabilities client) => new()
    {
        TextDocumentSync = new TextDocumentSyncOptions(OpenClose: true, Change: 2),
        InlineCompletionProvider = true,
        CompletionProvider = client.InlineCompletion ? null : new CompletionOptions(),
        CodeActionProvider = new CodeActionOptions([CodeActionKinds.RefactorRewrite], ResolveProvider: true),
        HoverProvider = true,
        ExecuteCommandProvider = new ExecuteCommandOptions([ServerCommands.Translate, ServerCommands.Rewrite]),
        Workspace = new WorkspaceServerCapabilities(new WorkspaceFoldersServerCapabilities(Supported: true, ChangeNotifications: true)),
    };
}
