namespace Glm.Lsp.Syntax;

/// <summary>What kind of text the cursor is in, which decides whether writing help is offered there.</summary>
public enum SyntaxContext
{
    /// <summary>Running text: prose files, and Markdown outside code blocks and front matter.</summary>
    Prose,

    /// <summary>A comment or a docstring in a code file.</summary>
    Comment,

    /// <summary>A string literal in a code file.</summary>
    String,

    /// <summary>Code, a Markdown code block or front matter, or a language without a grammar.</summary>
    Code,
}
