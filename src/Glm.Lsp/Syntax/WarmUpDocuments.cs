using Glm.Lsp.Documents;

namespace Glm.Lsp.Syntax;

/// <summary>
/// Text tokenized once when a client connects, before any document is open. Markdown is what this server is mostly
/// used for, and its grammar is the slowest to load and compile (seconds on a busy 2-core machine); a first inline
/// completion request that waited for it arrived after the user had stopped typing and its ghost text never showed.
/// The sample meets the rules ordinary prose uses: headings, emphasis, links, lists, quotes, tables and a plain fence.
/// </summary>
public static class WarmUpDocuments
{
    public static TextDocumentSnapshot Markdown { get; } = new(
        "untitled:glm-lsp-warm-up.md",
        "markdown",
        0,
        """
        ---
        title: Warm-up
        ---
        # Heading

        Some *emphasis*, **strong** text, `code`, a [link](https://example.com) and <b>html</b>.

        - item
          1. nested item
        > a quote

        | a | b |
        |---|---|
        | 1 | 2 |

        ```
        plain fence
        ```

        <!-- a comment -->
        Text after.
        """);
}
