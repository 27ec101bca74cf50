namespace Glm.Lsp.Protocol;

/// <summary>What this server offers; absent members (null) are not sent.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#serverCapabilities</remarks>
public sealed record ServerCapabilities
{
    public TextDocumentSyncOptions? TextDocumentSync { get; init; }

    public bool? InlineCompletionProvider { get; init; }

    public CompletionOptions? CompletionProvider { get; init; }

    public bool? HoverProvider { get; init; }

    public CodeActionOptions? CodeActionProvider { get; init; }

    public ExecuteCommandOptions? ExecuteCommandProvider { get; init; }

    public WorkspaceServerCapabilities? Workspace { get; init; }
}

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#completionOptions</remarks>
public sealed record CompletionOptions(bool ResolveProvider = false);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#codeActionOptions</remarks>
public sealed record CodeActionOptions(IReadOnlyList<string> CodeActionKinds, bool ResolveProvider);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#executeCommandOptions</remarks>
public sealed record ExecuteCommandOptions(IReadOnlyList<string> Commands);
