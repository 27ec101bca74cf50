using Glm.Lsp.Documents;
using Glm.Lsp.Protocol;

namespace Glm.Lsp.Completion;

/// <summary>Everything a suggestion depends on, captured when the request arrived.</summary>
/// <param name="Trace">When set, the service records there what the request cost (for glm/requestStats).</param>
public sealed record SuggestionRequest(
    TextDocumentSnapshot Document,
    Position Position,
    InlineCompletionTriggerKind TriggerKind,
    SelectedCompletionInfo? SelectedCompletion = null,
    CompletionTrace? Trace = null);
