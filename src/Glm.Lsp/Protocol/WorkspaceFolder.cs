namespace Glm.Lsp.Protocol;

/// <summary>A folder the editor has open, in initialize's <c>workspaceFolders</c> and in folder change events.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspaceFolder</remarks>
public sealed record WorkspaceFolder(string Uri, string Name);
