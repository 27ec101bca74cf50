using Glm.Lsp.Documents;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Completion;

/// <summary>Everything a suggestion depends on, captured when the request arrived.</summary>
public sealed record SuggestionRequest(
    TextDocumentSnapshot Document,
    Position Position,
    InlineCompletionTriggerKind TriggerKind,
    SelectedCompletionInfo? SelectedCompletion = null);
