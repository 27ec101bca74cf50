namespace Glm.Lsp.Protocol;

/// <summary>The workspace part of the server's capabilities: which folder notifications it wants.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#serverCapabilities</remarks>
public sealed record WorkspaceServerCapabilities(WorkspaceFoldersServerCapabilities WorkspaceFolders);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#workspaceFoldersServerCapabilities</remarks>
public sealed record WorkspaceFoldersServerCapabilities(bool Supported, bool ChangeNotifications);
