namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#inlineCompletionParams</remarks>
public sealed record InlineCompletionParams(TextDocumentIdentifier TextDocument, Position Position, InlineCompletionContext? Context = null);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#inlineCompletionContext</remarks>
public sealed record InlineCompletionContext(InlineCompletionTriggerKind TriggerKind, SelectedCompletionInfo? SelectedCompletionInfo = null);

/// <summary>The item selected in the completion widget: an inline completion must extend it and use its range.</summary>
/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#selectedCompletionInfo</remarks>
public sealed record SelectedCompletionInfo(LspRange Range, string Text);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#inlineCompletionTriggerKind</remarks>
public enum InlineCompletionTriggerKind
{
    Invoked = 1,
    Automatic = 2,
}

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#inlineCompletionList</remarks>
public sealed record InlineCompletionList(IReadOnlyList<InlineCompletionItem> Items)
{
    public static InlineCompletionList Empty { get; } = new([]);
}

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#inlineCompletionItem</remarks>
public sealed record InlineCompletionItem(string InsertText, LspRange? Range = null, string? FilterText = null);
