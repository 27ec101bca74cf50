using Glm.Lsp.Documents;

namespace Glm.Lsp.Completion;

/// <summary>Everything a suggestion depends on, captured when the request arrived.</summary>
/// <param name="Trace">When set, the service records there what the request cost (for glm/requestStats).</param>
public sealed record SuggestionRequest(
    TextDocumentSnapshot Document,
    LinePosition Position,
    SuggestionTrigger TriggerKind,
    SelectedCompletion? SelectedCompletion = null,
    CompletionTrace? Trace = null);
