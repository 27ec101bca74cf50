namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#applyWorkspaceEditParams</remarks>
public sealed record ApplyWorkspaceEditParams(string? Label, WorkspaceEdit Edit);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#applyWorkspaceEditResult</remarks>
public sealed record ApplyWorkspaceEditResult(bool Applied, string? FailureReason = null);
