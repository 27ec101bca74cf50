using System.Text.Json;

namespace Glm.Lsp.Protocol;

/// <summary>Parameters of the custom request glm/rewrite (docs/lsp-extensions.md): the selection and either a style id
/// or a free instruction. Partial text is streamed through <see cref="PartialResultToken"/> as the LSP partial-result
/// pattern describes (https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#partialResults).</summary>
public sealed record RewriteParams(
    TextDocumentIdentifier TextDocument,
    LspRange Range,
    string? Style = null,
    string? Instruction = null,
    JsonElement? PartialResultToken = null,
    JsonElement? WorkDoneToken = null);

/// <summary>The final result of glm/rewrite, and the value of each partial result (the text so far); the glm.rewrite
/// command adds the <see cref="Edit"/> for the document version the text was read from.</summary>
public sealed record RewriteResult(string Text, WorkspaceEdit? Edit = null);
