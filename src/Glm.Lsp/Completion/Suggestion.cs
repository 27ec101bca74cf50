using Glm.Lsp.Documents;

namespace Glm.Lsp.Completion;

/// <summary>Text to insert and the range it replaces (empty at the cursor, or the selected completion item's range).</summary>
public sealed record Suggestion(string InsertText, LineRange Range);
