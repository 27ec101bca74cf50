using Glm.Inference.Generation;
using Glm.Lsp.Documents;
using Glm.Lsp.Settings;

namespace Glm.Lsp.Completion;

/// <summary>
/// Everything an inline suggestion depends on. Two requests with equal identities must get the same answer, so the
/// second joins the first one's generation instead of stopping it (<see cref="InFlightSuggestions"/>).
/// </summary>
/// <param name="Document">The snapshot itself, not only its version: the same object means the same URI, version and text.</param>
/// <param name="Settings">Compared as a record: a settings change between the two requests makes them different.</param>
/// <param name="Generator">The model that answers: a reload between the two requests makes them different.</param>
internal sealed record SuggestionIdentity(
    TextDocumentSnapshot Document,
    LinePosition Position,
    SuggestionTrigger TriggerKind,
    SelectedCompletion? SelectedCompletion,
    GlmSettings Settings,
    ITextGenerator Generator)
{
    public static SuggestionIdentity Of(SuggestionRequest request, GlmSettings settings, ITextGenerator generator) =>
        new(request.Document, request.Position, request.TriggerKind, request.SelectedCompletion, settings, generator);
}
