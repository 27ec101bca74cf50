using Glm.Lsp.Documents;

namespace Glm.Lsp.Completion;

/// <summary>The item selected in the editor's completion widget: a suggestion must extend it and replace its range.</summary>
public sealed record SelectedCompletion(LineRange Range, string Text);
