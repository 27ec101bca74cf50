using Glm.Lsp.Protocol;
using StreamJsonRpc;

namespace Glm.Lsp.Handlers;

/// <summary>workspace/didChangeWorkspaceFolders: keeps <see cref="ServerContext.WorkspaceFolders"/> as the editor has
/// them. Synchronous, like document sync, so a completion after the change sees the new folders.</summary>
internal sealed class WorkspaceFoldersHandler(ServerContext context)
{
    /// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspace_didChangeWorkspaceFolders</remarks>
    [JsonRpcMethod(ServerCommands.DidChangeWorkspaceFolders, UseSingleObjectParameterDeserialization = true)]
    public void DidChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams parameters) =>
        context.WorkspaceFolders.Change(
            parameters.Event.Added.Select(folder => folder.Uri), parameters.Event.Removed.Select(folder => folder.Uri));
}
