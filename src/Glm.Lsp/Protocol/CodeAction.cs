using System.Text.Json;

namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeActionParams</remarks>
public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, LspRange Range, CodeActionContext? Context = null);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeActionContext</remarks>
public sealed record CodeActionContext(IReadOnlyList<string>? Only = null);

/// <summary>A code action; <see cref="Data"/> carries what codeAction/resolve needs, <see cref="Edit"/> is filled by resolve;
/// <see cref="Command"/> is set for a client that cannot resolve an edit.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeAction</remarks>
public sealed record CodeAction(string Title, string Kind, JsonElement? Data = null, WorkspaceEdit? Edit = null, Command? Command = null);

/// <summary>Code action kinds used by the server.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeActionKind</remarks>
public static class CodeActionKinds
{
    public const string RefactorRewrite = "refactor.rewrite";
}
