namespace Glm.Lsp.Protocol;

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#hoverParams</remarks>
public sealed record HoverParams(TextDocumentIdentifier TextDocument, Position Position);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#hover</remarks>
public sealed record Hover(MarkupContent Contents, LspRange? Range = null);

/// <remarks>https://microsoft.github.io/language-server-protocol/specifications/lsp/3.18/specification/#markupContent</remarks>
public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}
