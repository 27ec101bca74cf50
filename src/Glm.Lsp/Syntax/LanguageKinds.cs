namespace Glm.Lsp.Syntax;

/// <summary>Which language ids are prose: documents written in, where only marked-up code is not text to write.</summary>
public static class LanguageKinds
{
    /// <summary>Prose without a grammar here: every position is prose. `text` is what Neovim's text filetype and
    /// Emacs' text-mode send; `rst` and `org` have no TextMate grammar in TextMateSharp.</summary>
    private static readonly HashSet<string> ProseEverywhere = new(StringComparer.OrdinalIgnoreCase)
    {
        "plaintext", "text", "restructuredtext", "rst", "org",
    };

    /// <summary>Prose marked up with a TextMate grammar that says where commands, math, code and comments are.</summary>
    private static readonly HashSet<string> MarkedUpProse = new(StringComparer.OrdinalIgnoreCase)
    {
        "latex", "tex", "asciidoc",
    };

    /// <summary>Prose languages where every position is prose (no grammar needed).</summary>
    public static bool IsPlainProse(string languageId) => ProseEverywhere.Contains(languageId);

    /// <summary>Markdown is prose except fenced code, inline code and front matter, which its grammar marks.</summary>
    public static bool IsMarkdown(string languageId) => string.Equals(languageId, "markdown", StringComparison.OrdinalIgnoreCase);

    /// <summary>LaTeX and AsciiDoc: prose except comments, commands, math and code blocks, which their grammars mark.</summary>
    public static bool IsMarkedUpProse(string languageId) => MarkedUpProse.Contains(languageId);

    public static bool IsProse(string languageId) => IsPlainProse(languageId) || IsMarkdown(languageId) || IsMarkedUpProse(languageId);
}
