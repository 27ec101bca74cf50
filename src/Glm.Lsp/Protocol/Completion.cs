namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#completionParams</remarks>
public sealed record CompletionParams(TextDocumentIdentifier TextDocument, Position Position, CompletionContext? Context = null);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#completionContext</remarks>
public sealed record CompletionContext(CompletionTriggerKind TriggerKind, string? TriggerCharacter = null);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#completionTriggerKind</remarks>
public enum CompletionTriggerKind
{
    Invoked = 1,
    TriggerCharacter = 2,
    TriggerForIncompleteCompletions = 3,
}

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#completionList</remarks>
public sealed record CompletionList(bool IsIncomplete, IReadOnlyList<CompletionItem> Items)
{
    public static CompletionList Empty { get; } = new(true, []);
}

/// <summary>Kind 1 is Text.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#completionItem</remarks>
public sealed record CompletionItem(string Label, int Kind, string Detail, TextEdit TextEdit);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#textEdit</remarks>
public sealed record TextEdit(LspRange Range, string NewText);
