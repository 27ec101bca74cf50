using Glm.Lsp.Completion;
using Glm.Lsp.Documents;
using Glm.Lsp.Models;

namespace Glm.Lsp.Protocol;

/// <summary>
/// The one seam between the protocol's types and the plain records the features work with. Positions keep their
/// meaning across it: LSP's default position encoding counts UTF-16 code units, and so do <see cref="LinePosition"/>
/// columns (a .NET string index), so no column is ever recounted here. Offsets come from the document
/// (<see cref="TextDocumentSnapshot.OffsetAt"/>); URIs stay the strings the client sent, the documents' keys.
/// </summary>
public static class LspConversions
{
    public static LinePosition ToLinePosition(this Position position) => new(position.Line, position.Character);

    public static Position ToPosition(this LinePosition position) => new(position.Line, position.Character);

    public static LineRange ToLineRange(this LspRange range) => new(range.Start.ToLinePosition(), range.End.ToLinePosition());

    public static LspRange ToLspRange(this LineRange range) => new(range.Start.ToPosition(), range.End.ToPosition());

    /// <summary>The string offset of an LSP position in a document (clamped to its line and to the document's end).</summary>
    public static int OffsetAt(this TextDocumentSnapshot document, Position position) => document.OffsetAt(position.ToLinePosition());

    public static TextChange ToTextChange(this TextDocumentContentChangeEvent change) => new(change.Text, change.Range?.ToLineRange());

    public static TextEdit ToTextEdit(this TextReplacement replacement) => new(replacement.Range.ToLspRange(), replacement.NewText);

    /// <summary>The numbers are the spec's; an unknown kind stays unknown (neither invoked nor automatic), as it was.</summary>
    public static SuggestionTrigger ToSuggestionTrigger(this InlineCompletionTriggerKind kind) => (SuggestionTrigger)(int)kind;

    public static SelectedCompletion ToSelectedCompletion(this SelectedCompletionInfo selected) => new(selected.Range.ToLineRange(), selected.Text);

    public static InlineCompletionItem ToInlineCompletionItem(this Suggestion suggestion) => new(suggestion.InsertText, suggestion.Range.ToLspRange());

    public static ModelListEntry ToModelListEntry(this ListedModel model) =>
        new(model.Path, model.Name, model.Source, model.Architecture, model.SizeBytes, model.Quantization, model.Runnable, model.Problem);

    public static ModelsResult ToModelsResult(this IEnumerable<ListedModel> models) => new([.. models.Select(ToModelListEntry)]);
}
